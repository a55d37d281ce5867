// Each class hosts its own servers on ports of their own; classes run side by side, a class's tests one at a time.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]

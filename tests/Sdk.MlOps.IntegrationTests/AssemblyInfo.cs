// Each test drives its own dotnet processes in its own folder; two at a time keep 2 cores busy.
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.MethodLevel)]

// Each test drives its own dotnet processes in its own folder. A test waits on process starts, restores and disk as
// much as it computes: two at a time left a fifth of 2 cores idle, three keep them busy.
[assembly: Parallelize(Workers = 3, Scope = ExecutionScope.MethodLevel)]

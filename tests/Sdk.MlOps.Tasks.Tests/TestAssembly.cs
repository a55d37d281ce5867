// Classes run in parallel; tests that change environment variables opt out with [DoNotParallelize].
[assembly: Parallelize(Scope = ExecutionScope.ClassLevel)]

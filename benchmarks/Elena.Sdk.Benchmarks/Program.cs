using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Elena.Sdk.Benchmarks.RecordFileBenchmarks).Assembly).Run(args);

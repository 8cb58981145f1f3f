using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

// The generated benchmark project is built with a generous timeout: on a busy 2-core machine the default of two
// minutes is not always enough.
var config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));
BenchmarkSwitcher.FromAssembly(typeof(Elena.Sdk.Benchmarks.RecordFileBenchmarks).Assembly).Run(args, config);

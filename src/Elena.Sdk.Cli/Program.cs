using Elena.Sdk.Cli;

return await ElenaCli.RunAsync(args, Console.Out, Console.Error).ConfigureAwait(false);

using System.CommandLine;

namespace Elena.Sdk.Cli.Commands;

/// <summary><c>elena env init DIR [--force]</c>: a self-contained reference environment (test CA, ZSS, demo employer, lists, DSRV master data).</summary>
internal static class EnvCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<DirectoryInfo>("dir") { Description = "The folder to create the environment in." };
        var force = new Option<bool>("--force") { Description = "Replace an environment that is already there." };
        var init = new Command("init", "Create a test CA, the ZSS key pair (annahme.key), one admitted demo employer (gesamt.agv) and an empty dsrv-master.json.")
        {
            directory, force,
        };
        init.SetAction(async (parse, cancellationToken) =>
        {
            string folder = parse.GetValue(directory)!.FullName;
            if (ReferenceEnvironment.Exists(folder) && !parse.GetValue(force))
            {
                await error.WriteLineAsync($"elena env init: {folder} already holds a reference environment; give --force to replace it.").ConfigureAwait(false);
                return ElenaCli.UsageError;
            }

            Directory.CreateDirectory(folder);
            await ReferenceEnvironment.CreateAsync(folder, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"employer Betriebsnummer: {ReferenceEnvironment.DemoEmployer}").ConfigureAwait(false);
            foreach (string file in ReferenceEnvironment.Files)
            {
                await output.WriteLineAsync(Path.Combine(folder, file)).ConfigureAwait(false);
            }

            return ElenaCli.Success;
        });
        return new Command("env", "Reference environments for trying files against the in-process ZSS.") { init };
    }
}

using System.CommandLine;
using Elena.Sdk.Cli.Commands;

namespace Elena.Sdk.Cli;

/// <summary>The <c>elena</c> command line: generate, inspect and validate ELENA files.</summary>
public static class ElenaCli
{
    /// <summary>Exit code for success.</summary>
    public const int Success = 0;

    /// <summary>Exit code when the input is invalid (validation errors).</summary>
    public const int Invalid = 1;

    /// <summary>Exit code for usage errors and files that cannot be opened.</summary>
    public const int UsageError = 2;

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="output">Where normal output goes.</param>
    /// <param name="error">Where diagnostics go.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("elena — ELENA records and messages: generate, inspect, validate, seal, open.")
        {
            GenerateCommand.Create(output, error),
            InspectCommand.Create(output, error),
            ValidateCommand.Create(output, error),
            SealCommand.Create(output, error),
            OpenCommand.Create(output, error),
            EnvCommand.Create(output, error),
            ZssCommand.Create(output, error),
            ExtraCommands.CreateServe(output, error),
            ExtraCommands.CreateSend(output, error),
            ExtraCommands.CreateFetch(output, error),
            ServeCommand.CreatePortal(output, error),
            CertCommand.Create(output, error),
            ConformanceCommand.Create(output, error),
        };
        var configuration = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // Usage mistakes exit with 2, so a script can tell them from an invalid file (1).
            foreach (var parseError in parse.Errors)
            {
                await error.WriteLineAsync($"elena: {parseError.Message}").ConfigureAwait(false);
            }

            await error.WriteLineAsync("Run 'elena --help' for usage.").ConfigureAwait(false);
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            await error.WriteLineAsync($"elena: {ex.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"elena: {ex.Message}").ConfigureAwait(false);
            return UsageError;
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            await error.WriteLineAsync($"elena: {ex.Message}").ConfigureAwait(false);
            return Invalid;
        }
        catch (UnauthorizedAccessException ex)
        {
            await error.WriteLineAsync($"elena: {ex.Message}").ConfigureAwait(false);
            return UsageError;
        }
    }
}

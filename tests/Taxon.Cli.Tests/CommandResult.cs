using System.Text.Json;

namespace Taxon.Cli.Tests;

/// <summary>What one run of the <c>taxon</c> command line left behind: its exit code, stdout and stderr.</summary>
public sealed record CommandResult(string[] Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>The non-empty stdout lines, in order.</summary>
    public string[] Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The last stdout line parsed as JSON: the machine-readable result every train and eval run ends with.</summary>
    public JsonElement Json
    {
        get
        {
            AssertSucceeded();
            string[] lines = Lines;
            Assert.True(lines.Length > 0, $"taxon {string.Join(' ', Arguments)}: printed nothing on stdout.");
            using var document = JsonDocument.Parse(lines[^1]);
            return document.RootElement.Clone();
        }
    }

    /// <summary>Fails with the command line and its stderr, which say far more than "expected 0, got 1".</summary>
    public void AssertSucceeded()
    {
        if (ExitCode != 0)
        {
            Assert.Fail($"taxon {string.Join(' ', Arguments)} exited with {ExitCode}:\n{Stderr}");
        }
    }

    /// <summary>
    /// Asserts the run failed the way a user error should: exit code 1, no JSON line, and one "taxon COMMAND: ..."
    /// message on stderr holding every one of <paramref name="fragments"/>.
    /// </summary>
    public void AssertFailedWith(params string[] fragments)
    {
        Assert.True(ExitCode == 1, $"taxon {string.Join(' ', Arguments)}: expected exit code 1, got {ExitCode}; stderr:\n{Stderr}");
        Assert.DoesNotContain(Lines, line => line.StartsWith('{'));
        // Group commands name their subcommand too: "taxon study show: ...".
        string command = Arguments.Length > 1 && Arguments[0] == "study" ? $"{Arguments[0]} {Arguments[1]}" : Arguments[0];
        Assert.StartsWith($"taxon {command}: ", Stderr, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, Stderr, StringComparison.Ordinal);
        }
    }
}

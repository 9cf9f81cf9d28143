using System.Text.Json;

namespace Taxon.Tests.TorchReference;

/// <summary>
/// The PyTorch reference cases for normalisation layers and losses in <c>fixtures/norm/norm_fixtures.json</c>, written by
/// <c>fixtures/norm/make_norm_fixtures.py</c> (see its header for the format and how to regenerate it).
/// </summary>
public static class NormFixtures
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly Lazy<IReadOnlyList<NormCase>> s_cases = new(Load);

    /// <summary>Where the fixture file is copied next to the test assembly.</summary>
    public static string FixturePath => Path.Combine(AppContext.BaseDirectory, "fixtures", "norm", "norm_fixtures.json");

    /// <summary>All cases, in file order.</summary>
    public static IReadOnlyList<NormCase> All => s_cases.Value;

    /// <summary>The case named <paramref name="name"/>.</summary>
    public static NormCase Get(string name) =>
        s_cases.Value.FirstOrDefault(c => c.Name == name) ?? throw new KeyNotFoundException($"No norm fixture case named '{name}'.");

    /// <summary>xunit MemberData: the names of the cases of one kind.</summary>
    public static TheoryData<string> Names(string kind)
    {
        var data = new TheoryData<string>();
        foreach (NormCase c in s_cases.Value)
        {
            if (c.Kind == kind)
            {
                data.Add(c.Name);
            }
        }
        return data;
    }

    private static List<NormCase> Load()
    {
        string path = FixturePath;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(
                "Norm fixture file not found; regenerate it with /usr/bin/python3 tests/Taxon.Tests/fixtures/norm/make_norm_fixtures.py", path);
        }
        using FileStream stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<List<NormCase>>(stream, s_options) ?? throw new InvalidDataException("norm_fixtures.json: empty file.");
    }
}

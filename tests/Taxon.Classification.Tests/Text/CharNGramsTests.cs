using System.Text.Json;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public class CharNGramsTests
{
    [Fact]
    public void Grams_equal_scikit_learns_analyzers()
    {
        string[] texts = SklearnHashingFixture.Strings(SklearnHashingFixture.Get("char_texts"));
        foreach (JsonElement a in SklearnHashingFixture.Get("analyzers").EnumerateArray())
        {
            TextAnalyzer analyzer = a.GetProperty("analyzer").GetString() == "char" ? TextAnalyzer.Char : TextAnalyzer.CharWordBounded;
            var grams = new CharNGrams(analyzer, a.GetProperty("n_gram_min").GetInt32(), a.GetProperty("n_gram_max").GetInt32(),
                a.GetProperty("lowercase").GetBoolean());
            JsonElement[] expected = [.. a.GetProperty("grams").EnumerateArray()];
            for (int i = 0; i < texts.Length; i++)
            {
                Assert.Equal(SklearnHashingFixture.Strings(expected[i]), grams.Analyze(texts[i]));
            }
        }
    }

    [Fact]
    public void Spans_index_the_reused_buffer()
    {
        var grams = new CharNGrams(TextAnalyzer.CharWordBounded, 2, 3, lowercase: true);
        char[] buffer = [];
        int[] starts = [], lengths = [];
        int n = grams.Scan("Ab c", ref buffer, ref starts, ref lengths);
        string[] spans = [.. Enumerable.Range(0, n).Select(k => new string(buffer, starts[k], lengths[k]))];
        Assert.Equal([" a", "ab", "b ", " ab", "ab ", " c", "c ", " c "], spans);
        char[] first = buffer;
        Assert.Equal(0, grams.Scan("", ref buffer, ref starts, ref lengths));
        Assert.Same(first, buffer);
    }

    [Fact]
    public void Python_white_space_is_recognised()
    {
        Assert.True(CharNGrams.IsSpace('\u001c'));
        Assert.True(CharNGrams.IsSpace('\u3000'));
        Assert.False(CharNGrams.IsSpace('\u200b'));
        Assert.False(CharNGrams.IsSpace('\ufeff'));
        Assert.Throws<ArgumentException>(() => new CharNGrams(TextAnalyzer.Word, 1, 2, true));
        Assert.Throws<ArgumentException>(() => new CharNGrams(TextAnalyzer.Char, 2, 1, true));
    }
}

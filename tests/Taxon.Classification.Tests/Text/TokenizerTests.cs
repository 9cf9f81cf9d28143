using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public class TokenizerTests
{
    [Fact]
    public void Tokens_equal_scikit_learns_default_analyzer()
    {
        var tokenizer = new Tokenizer();
        foreach (var c in SklearnTextFixture.Get("tokens").EnumerateArray())
        {
            string text = c.GetProperty("text").GetString()!;
            Assert.Equal(SklearnTextFixture.Strings(c.GetProperty("tokens")), tokenizer.Tokenize(text));
        }
    }

    [Fact]
    public void Options_change_case_length_and_stop_words()
    {
        Assert.Equal(["The", "Cat", "a"], new Tokenizer(new TokenizerOptions { Lowercase = false, MinTokenLength = 1 }).Tokenize("The Cat, a"));
        Assert.Equal(["cat", "sat"], new Tokenizer(new TokenizerOptions { StopWords = StopWords.English }).Tokenize("The cat sat on it"));
        Assert.Throws<ArgumentException>(() => new Tokenizer(new TokenizerOptions { MinTokenLength = 0 }));
        Assert.Throws<ArgumentNullException>(() => new Tokenizer().Tokenize(null!));
        // 'İ' lower-cases to two characters (Python's str.lower()), so the lowered text outgrows the original.
        string dotted = string.Concat(Enumerable.Repeat("İİ ab ", 200));
        Assert.Equal(200, new Tokenizer().Tokenize(dotted).Count);
    }

    [Fact]
    public void English_stop_words_are_scikit_learns()
    {
        Assert.Equal(318, StopWords.English.Count);
        Assert.Contains("the", StopWords.English);
        Assert.Contains("whereafter", StopWords.English);
        Assert.DoesNotContain("fox", StopWords.English);
    }
}

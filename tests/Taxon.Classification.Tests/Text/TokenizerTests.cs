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
    public void Urls_are_whole_tokens_without_trailing_punctuation()
    {
        var whole = new Tokenizer(new TokenizerOptions { Urls = SpecialTokens.Whole });
        Assert.Equal(["see", "http://example.com/a_b?x=1", "now"], whole.Tokenize("See HTTP://Example.com/a_b?x=1, now"));
        Assert.Equal(["see", "http://x.org/a_(b)", "ok"], whole.Tokenize("(see http://x.org/a_(b)). OK"));
        Assert.Equal(["www.taxon.dev", "and", "ftp://files.org/f.txt"], whole.Tokenize("www.taxon.dev and <ftp://files.org/f.txt>"));
        Assert.Equal(["http", "is", "not", "url"], whole.Tokenize("http:// is not a url"));
        Assert.Equal(["xhttp", "a", "b"], new Tokenizer(new TokenizerOptions { Urls = SpecialTokens.Whole, MinTokenLength = 1 }).Tokenize("xhttp://a.b"));
        var both = new Tokenizer(new TokenizerOptions { Urls = SpecialTokens.WholeAndSplit });
        Assert.Equal(["go", "https://www.example.com/page", "https", "www", "example", "com", "page"], both.Tokenize("Go https://www.example.com/page."));
        Assert.Equal(["go", "https", "www", "example", "com", "page"], new Tokenizer().Tokenize("Go https://www.example.com/page."));
    }

    [Fact]
    public void Email_addresses_are_whole_tokens()
    {
        var whole = new Tokenizer(new TokenizerOptions { EmailAddresses = SpecialTokens.Whole });
        Assert.Equal(["mail", "john.smith+tag@cs.cmu.edu", "today"], whole.Tokenize("Mail <John.Smith+tag@CS.cmu.edu>. today"));
        Assert.Equal(["user", "localhost", "is", "not", "one"], whole.Tokenize("user@localhost is not one"));
        var both = new Tokenizer(new TokenizerOptions { EmailAddresses = SpecialTokens.WholeAndSplit, StopWords = StopWords.English });
        // Stop words ("from", "it", "was") drop ordinary words only.
        Assert.Equal(["info@example.org", "info", "example", "org", "sent"], both.Tokenize("From: info@example.org (it was sent)"));
    }

    [Fact]
    public void Numbers_can_be_whole_replaced_or_dropped()
    {
        const string text = "Pi is 3.14, 1,000,000 dollars, -5 or 10% of mp3 and 3d 7";
        Assert.Equal(["pi", "is", "14", "000", "000", "dollars", "or", "10", "of", "mp3", "and", "3d"], new Tokenizer().Tokenize(text));
        Assert.Equal(["pi", "is", "3.14", "1,000,000", "dollars", "5", "or", "10", "of", "mp3", "and", "3d", "7"],
            new Tokenizer(new TokenizerOptions { Numbers = NumberTokens.Whole }).Tokenize(text));
        string n = Tokenizer.NumberPlaceholder;
        Assert.Equal(["pi", "is", n, n, "dollars", n, "or", n, "of", "mp3", "and", "3d", n],
            new Tokenizer(new TokenizerOptions { Numbers = NumberTokens.Placeholder }).Tokenize(text));
        Assert.Equal(["pi", "is", "dollars", "or", "of", "mp3", "and", "3d"],
            new Tokenizer(new TokenizerOptions { Numbers = NumberTokens.Drop }).Tokenize(text));
    }

    [Fact]
    public void Punctuation_and_symbols_are_tokens_when_asked()
    {
        var tokenizer = new Tokenizer(new TokenizerOptions { Punctuation = true, Numbers = NumberTokens.Whole });
        Assert.Equal(["free", "!", "!", "win", "$", "100", "€", "5", "😀", "ok", "?"], tokenizer.Tokenize("FREE!! Win $100 €5 😀 ok?"));
        Assert.Equal(["a_b", "-", "é"], new Tokenizer(new TokenizerOptions { Punctuation = true, MinTokenLength = 1 }).Tokenize("a_b - é"));
    }

    [Fact]
    public void Tokenizer_options_survive_a_model_file()
    {
        var options = new TfidfVectorizerOptions
        {
            NGramMax = 2,
            Tokenizer = new TokenizerOptions { Urls = SpecialTokens.WholeAndSplit, EmailAddresses = SpecialTokens.Whole, Numbers = NumberTokens.Placeholder, Punctuation = true },
        };
        string[] texts = ["Visit http://a.org now!", "Mail bob@b.com 42 times", "Nothing special here"];
        var model = (TfidfVectorizerModel)new TfidfVectorizer(options).Fit(texts);
        Assert.Contains("http://a.org", model.FeatureNames);
        Assert.Contains("bob@b.com", model.FeatureNames);
        Assert.Contains(Tokenizer.NumberPlaceholder, model.FeatureNames);
        Assert.Contains("!", model.FeatureNames);
        string path = Path.Combine(Path.GetTempPath(), $"taxon-tokens-{Guid.NewGuid():N}.taxon");
        try
        {
            model.Save(path);
            var loaded = Assert.IsType<TfidfVectorizerModel>(Taxon.Classification.Models.ModelFile.Load(path));
            Assert.Equal(options.Tokenizer with { StopWords = null }, loaded.Options.Tokenizer);
            Assert.Equal(model.Transform(texts).Values.ToArray(), loaded.Transform(texts).Values.ToArray());
            var hashing = new HashingVectorizerModel(new HashingVectorizerOptions { Tokenizer = options.Tokenizer });
            hashing.Save(path);
            Assert.Equal(options.Tokenizer, Assert.IsType<HashingVectorizerModel>(Taxon.Classification.Models.ModelFile.Load(path)).Options.Tokenizer);
        }
        finally
        {
            File.Delete(path);
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

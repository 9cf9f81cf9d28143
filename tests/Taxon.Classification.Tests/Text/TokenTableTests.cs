using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public class TokenTableTests
{
    [Fact]
    public void FindsEveryTokenAfterGrowingAndMissesTheRest()
    {
        // Starts tiny so that it grows many times; tokens of every length around the 4-character hashing step.
        var table = new TokenTable(1);
        var tokens = new List<string>();
        for (int i = 0; i < 5000; i++)
        {
            string token = new string((char)('a' + i % 26), 1 + i % 11) + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            tokens.Add(token);
            Assert.Equal(i, table.GetOrAdd(token, i % 3 == 0 ? i : -1, i + 0.5));
        }
        Assert.Equal(5000, table.Count);
        for (int i = 0; i < tokens.Count; i++)
        {
            Assert.True(table.TryFind(tokens[i], out int id, out int column, out double idf));
            Assert.Equal(i, id);
            Assert.Equal(i % 3 == 0 ? i : -1, column);
            Assert.Equal(i % 3 == 0 ? i + 0.5 : 0, idf);
            Assert.Equal(i, table.GetOrAdd(tokens[i]));
        }
        Assert.False(table.TryFind("zz-not-there", out int missing, out int noColumn, out _));
        Assert.Equal(-1, missing);
        Assert.Equal(-1, noColumn);
        Assert.False(table.TryFind("", out _, out _, out _));
        Assert.False(table.TryFind("a0x", out _, out _, out _));
        Assert.False(table.TryFind("a", out _, out _, out _));
    }

    [Fact]
    public void LaterUnigramColumnFillsATokenFirstSeenInABigram()
    {
        var table = new TokenTable(4);
        int id = table.GetOrAdd("pie");
        Assert.True(table.TryFind("pie", out _, out int column, out _));
        Assert.Equal(-1, column);
        Assert.Equal(id, table.GetOrAdd("pie", 7, 2.5));
        Assert.True(table.TryFind("pie", out _, out column, out double idf));
        Assert.Equal((7, 2.5), (column, idf));
        Assert.Throws<ArgumentException>(() => table.GetOrAdd(""));
    }

    [Fact]
    public void FindAllAgreesWithTryFind()
    {
        var table = new TokenTable(8);
        string[] vocabulary = ["naïve", "bayes", "spam", "x", "𝔘nicode", "free", "offer"];
        for (int i = 0; i < vocabulary.Length; i++)
        {
            table.GetOrAdd(vocabulary[i], i % 2 == 0 ? i * 10 : -1, i);
        }
        string text = "free naïve spam offer unknown x 𝔘nicode bayes spam";
        var starts = new List<int>();
        var lengths = new List<int>();
        int at = 0;
        foreach (string word in text.Split(' '))
        {
            starts.Add(at);
            lengths.Add(word.Length);
            at += word.Length + 1;
        }
        int n = starts.Count;
        var ids = new int[n];
        var columns = new int[n];
        var idf = new double[n];
        table.FindAll(text, starts.ToArray(), lengths.ToArray(), new ulong[n], ids, columns, idf);
        for (int k = 0; k < n; k++)
        {
            bool found = table.TryFind(text.AsSpan(starts[k], lengths[k]), out int id, out int column, out double expected);
            Assert.Equal(found ? id : -1, ids[k]);
            Assert.Equal(column, columns[k]);
            Assert.Equal(expected, idf[k]);
        }
        Assert.Equal(-1, ids[4]);
        Assert.Equal(table.GetOrAdd("spam"), ids[2]);
    }

    [Fact]
    public void BigramTableFindsPairsInOrderAndRejectsDuplicates()
    {
        var table = new BigramTable(1);
        for (int a = 0; a < 300; a++)
        {
            for (int b = 0; b < 10; b++)
            {
                table.Add(a, b, a * 10 + b, a + b / 10.0);
            }
        }
        Assert.Equal(3000, table.Count);
        for (int a = 0; a < 300; a++)
        {
            for (int b = 0; b < 10; b++)
            {
                Assert.True(table.TryGet(a, b, out int column, out double idf));
                Assert.Equal((a * 10 + b, a + b / 10.0), (column, idf));
            }
        }
        Assert.False(table.TryGet(10, 300, out _, out _));
        Assert.False(table.TryGet(0, 10, out _, out _));
        Assert.Throws<ArgumentException>(() => table.Add(3, 4, 0, 1));
    }
}

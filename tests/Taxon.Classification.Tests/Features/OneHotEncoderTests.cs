using Taxon.Classification.Data;
using Taxon.Classification.Features;
using static Taxon.Classification.Tests.Features.SklearnTransformerFixture;

namespace Taxon.Classification.Tests.Features;

public sealed class OneHotEncoderTests
{
    private static OneHotEncoderModel Fit(UnknownCategory unknown, bool sparse = false)
    {
        DenseMatrix train = Matrix(Get("one_hot").GetProperty("train"));
        var encoder = new OneHotEncoder(new() { Columns = [2, 0], HandleUnknown = unknown });
        return (OneHotEncoderModel)encoder.Fit(sparse ? train.ToSparse() : train);
    }

    [Fact]
    public void Categories_and_output_equal_scikit_learns_column_transformer()
    {
        var c = Get("one_hot");
        OneHotEncoderModel model = Fit(UnknownCategory.Ignore);
        var expected = c.GetProperty("categories").EnumerateArray().Select(Vector).ToArray();
        Assert.Equal(expected.Length, model.Categories.Count);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], model.Categories[k].Select(v => (double)v));
        }
        DenseMatrix test = Matrix(c.GetProperty("test"));
        Assert.Equal(0.0, MaxAbsDiff(Doubles(c.GetProperty("transform")), model.Transform(test)));
        FeatureMatrix sparse = Fit(UnknownCategory.Ignore, sparse: true).Transform(test.ToSparse());
        Assert.True(sparse.IsSparse);
        Assert.Equal(0.0, MaxAbsDiff(Doubles(c.GetProperty("transform")), sparse));
    }

    [Fact]
    public void An_unknown_category_is_an_error_naming_row_column_and_value()
    {
        OneHotEncoderModel model = Fit(UnknownCategory.Error);
        string message = Assert.Throws<ArgumentException>(() => model.Transform(Matrix(Get("one_hot").GetProperty("test")))).Message;
        Assert.Contains("row 2, column 2 holds 7", message);
        Assert.Contains("HandleUnknown = Ignore", message);
    }

    [Fact]
    public void Options_are_checked_and_the_model_round_trips()
    {
        Assert.Contains("Columns", Assert.Throws<ArgumentException>(() => new OneHotEncoderOptions { Columns = [1, 1] }.Validate()).Message);
        Assert.Contains("out of range", Assert.Throws<ArgumentException>(() => new OneHotEncoder(new() { Columns = [5] }).Fit(Matrix(Get("train")))).Message);
        string path = Path.Combine(Path.GetTempPath(), $"taxon-onehot-{Guid.NewGuid():N}.taxon");
        try
        {
            OneHotEncoderModel model = Fit(UnknownCategory.Ignore);
            model.Save(path);
            var loaded = (OneHotEncoderModel)TransformerModel.Load(path);
            DenseMatrix test = Matrix(Get("one_hot").GetProperty("test"));
            Assert.Equal(model.Transform(test).ToDense().Values.ToArray(), loaded.Transform(test).ToDense().Values.ToArray());
            Assert.Equal(UnknownCategory.Ignore, loaded.HandleUnknown);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

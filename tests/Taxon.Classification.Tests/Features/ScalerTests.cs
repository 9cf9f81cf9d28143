using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Features;
using static Taxon.Classification.Tests.Features.SklearnTransformerFixture;

namespace Taxon.Classification.Tests.Features;

public sealed class ScalerTests
{
    private static void AssertClose(double[] expected, IReadOnlyList<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Count);
        for (int j = 0; j < expected.Length; j++)
        {
            Assert.True(Math.Abs(expected[j] - actual[j]) <= tolerance * Math.Max(1, Math.Abs(expected[j])), $"{what}[{j}]: {actual[j]} vs scikit-learn {expected[j]}");
        }
    }

    [Fact]
    public void Standard_scaler_equals_scikit_learn()
    {
        foreach (JsonElement c in Get("standard_scaler").EnumerateArray())
        {
            var options = new StandardScalerOptions { WithMean = c.GetProperty("with_mean").GetBoolean(), WithStd = c.GetProperty("with_std").GetBoolean() };
            var model = (StandardScalerModel)new StandardScaler(options).Fit(Matrix(c.GetProperty("train")));
            AssertClose(Vector(c.GetProperty("mean")), model.Mean, 1e-12, $"{options} mean");
            if (options.WithStd)
            {
                AssertClose(Vector(c.GetProperty("var")), model.Variance, 1e-12, $"{options} var");
                double[] scale = Vector(c.GetProperty("scale"));
                AssertClose(scale, model.Scale, 1e-12, $"{options} scale");
                Assert.Equal(1.0, scale[^1]); // the constant column
            }
            double diff = MaxAbsDiff(Doubles(c.GetProperty("transform")), model.Transform(Matrix(c.GetProperty("test"))));
            Assert.True(diff <= 2e-6, $"{options}: transform differs by {diff}");
        }
    }

    [Fact]
    public void Standard_scaler_keeps_sparse_input_sparse_and_counts_its_zeros()
    {
        JsonElement c = Get("standard_scaler_sparse");
        SparseMatrix x = Matrix(c.GetProperty("train")).ToSparse();
        var model = (StandardScalerModel)new StandardScaler(new() { WithMean = false }).Fit(x);
        AssertClose(Vector(c.GetProperty("mean")), model.Mean, 1e-12, "mean");
        AssertClose(Vector(c.GetProperty("var")), model.Variance, 1e-12, "var");
        AssertClose(Vector(c.GetProperty("scale")), model.Scale, 1e-12, "scale");
        FeatureMatrix t = model.Transform(x);
        Assert.True(t.IsSparse);
        Assert.Equal(x.StoredCount, t.StoredCount);
        Assert.True(MaxAbsDiff(Doubles(c.GetProperty("transform")), t) <= 2e-6);
    }

    [Fact]
    public void Centring_sparse_input_is_refused_as_in_scikit_learn()
    {
        SparseMatrix x = Matrix(Get("train")).ToSparse();
        Assert.Contains("WithMean = false", Assert.Throws<ArgumentException>(() => new StandardScaler().Fit(x)).Message);
        TransformerModel dense = new StandardScaler().Fit(x.ToDense());
        Assert.Contains("WithMean = false", Assert.Throws<ArgumentException>(() => dense.Transform(x)).Message);
    }

    [Fact]
    public void Min_max_scaler_equals_scikit_learn()
    {
        foreach (JsonElement c in Get("min_max_scaler").EnumerateArray())
        {
            var options = new MinMaxScalerOptions
            {
                RangeMin = c.GetProperty("min").GetDouble(),
                RangeMax = c.GetProperty("max").GetDouble(),
                Clip = c.GetProperty("clip").GetBoolean(),
            };
            var model = (MinMaxScalerModel)new MinMaxScaler(options).Fit(Matrix(c.GetProperty("train")));
            AssertClose(Vector(c.GetProperty("scale")), model.Scale, 1e-15, $"{options} scale");
            AssertClose(Vector(c.GetProperty("shift")), model.Shift, 1e-15, $"{options} shift");
            AssertClose(Vector(c.GetProperty("data_min")), model.DataMin, 0, $"{options} data_min");
            AssertClose(Vector(c.GetProperty("data_max")), model.DataMax, 0, $"{options} data_max");
            double diff = MaxAbsDiff(Doubles(c.GetProperty("transform")), model.Transform(Matrix(c.GetProperty("test"))));
            Assert.True(diff <= 2e-6, $"{options}: transform differs by {diff}");
        }
    }

    [Fact]
    public void Min_max_scaler_checks_its_range_and_refuses_sparse_input()
    {
        Assert.Contains("RangeMin", Assert.Throws<ArgumentException>(() => new MinMaxScalerOptions { RangeMin = 1, RangeMax = 1 }.Validate()).Message);
        Assert.Contains("sparse", Assert.Throws<ArgumentException>(() => new MinMaxScaler().Fit(Matrix(Get("train")).ToSparse())).Message);
    }

    [Fact]
    public void Transform_checks_the_column_count_and_finite_values()
    {
        TransformerModel model = new StandardScaler().Fit(Matrix(Get("train")));
        Assert.Contains("2 features", Assert.Throws<ArgumentException>(() => model.Transform(FeatureMatrix.Dense(new float[,] { { 1, 2 } }))).Message);
        Assert.Contains("not a finite number", Assert.Throws<ArgumentException>(() => model.Transform(FeatureMatrix.Dense(new float[,] { { 1, float.NaN, 2 } }))).Message);
        Assert.Contains("no samples", Assert.Throws<ArgumentException>(() => new StandardScaler().Fit(new DenseMatrix([], 0, 3))).Message);
    }

    [Fact]
    public void Scalers_save_and_load_exactly()
    {
        string dir = Directory.CreateTempSubdirectory("taxon-scalers-").FullName;
        try
        {
            DenseMatrix train = Matrix(Get("train")), test = Matrix(Get("test"));
            foreach (Transformer t in new Transformer[] { new StandardScaler(), new StandardScaler(new() { WithMean = false }), new MinMaxScaler(new() { RangeMin = -1, Clip = true }) })
            {
                TransformerModel model = t.Fit(train);
                string path = Path.Combine(dir, t.Name + ".taxon");
                model.Save(path);
                TransformerModel loaded = TransformerModel.Load(path);
                Assert.Equal(model.GetType(), loaded.GetType());
                Assert.Equal(model.Transform(test).ToDense().Values.ToArray(), loaded.Transform(test).ToDense().Values.ToArray());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

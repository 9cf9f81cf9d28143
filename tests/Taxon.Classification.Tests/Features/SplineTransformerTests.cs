using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Features;
using Taxon.Classification.Models;
using static Taxon.Classification.Tests.Features.SklearnTransformerFixture;

namespace Taxon.Classification.Tests.Features;

public sealed class SplineTransformerTests
{
    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Get("spline").GetArrayLength())];

    private static (SplineTransformerOptions Options, JsonElement Case) Case(int index)
    {
        JsonElement c = Get("spline")[index];
        var options = new SplineTransformerOptions
        {
            KnotCount = c.GetProperty("n_knots").GetInt32(),
            Degree = c.GetProperty("degree").GetInt32(),
            Knots = Enum.Parse<KnotPlacement>(c.GetProperty("knots").GetString()!, ignoreCase: true),
            Extrapolation = Enum.Parse<SplineExtrapolation>(c.GetProperty("extrapolation").GetString()!, ignoreCase: true),
            IncludeBias = c.GetProperty("include_bias").GetBoolean(),
        };
        return (options, c);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Knots_and_basis_values_equal_scikit_learns_within_1e_9(int index)
    {
        var (options, c) = Case(index);
        var model = (SplineTransformerModel)new SplineTransformer(options).Fit(Matrix(Get("train")));
        JsonElement[] knotVectors = [.. c.GetProperty("knot_vectors").EnumerateArray()];
        for (int j = 0; j < model.InputColumns; j++)
        {
            double[] expected = Vector(knotVectors[j]);
            Assert.Equal(expected.Length, model.Knots(j).Count);
            for (int a = 0; a < expected.Length; a++)
            {
                Assert.True(Math.Abs(expected[a] - model.Knots(j)[a]) <= 1e-12 * Math.Max(1, Math.Abs(expected[a])),
                    $"{options}: column {j} knot {a}: {model.Knots(j)[a]} vs scikit-learn {expected[a]}");
            }
        }

        double[,] input = Doubles(Get(c.GetProperty("input").GetString()!));
        double[,] expectedOutput = Doubles(c.GetProperty("transform"));
        int per = model.SplinesPerColumn;
        Assert.Equal(expectedOutput.GetLength(1), model.OutputColumns);
        var basis = new double[per];
        double maxDiff = 0;
        for (int i = 0; i < input.GetLength(0); i++)
        {
            for (int j = 0; j < model.InputColumns; j++)
            {
                model.Evaluate(j, input[i, j], basis);
                for (int s = 0; s < per; s++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(basis[s] - expectedOutput[i, j * per + s]));
                }
            }
        }
        Assert.True(maxDiff <= 1e-9, $"{options}: max |Taxon - scikit-learn| = {maxDiff}");

        // The float32 transform is the double-precision basis rounded once.
        FeatureMatrix transformed = model.Transform(FeatureMatrix.Dense(input));
        Assert.True(MaxAbsDiff(expectedOutput, transformed) <= 1e-6, $"{options}: float32 transform");
    }

    [Fact]
    public void Output_column_counts_follow_scikit_learn()
    {
        DenseMatrix x = Matrix(Get("train"));
        Assert.Equal(3 * 7, new SplineTransformer().Fit(x).OutputColumns);
        Assert.Equal(3 * 6, new SplineTransformer(new() { IncludeBias = false }).Fit(x).OutputColumns);
        Assert.Equal(3 * 4, new SplineTransformer(new() { Extrapolation = SplineExtrapolation.Periodic }).Fit(x).OutputColumns);
        Assert.Equal(3 * 9, new SplineTransformer(new() { KnotCount = 8, Degree = 2 }).Fit(x).OutputColumns);
    }

    [Fact]
    public void Inside_the_knots_the_basis_sums_to_one()
    {
        var model = (SplineTransformerModel)new SplineTransformer().Fit(Matrix(Get("train")));
        FeatureMatrix t = model.Transform(Matrix(Get("inside")));
        for (int i = 0; i < t.Rows; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double sum = 0;
                for (int s = 0; s < 7; s++)
                {
                    sum += t[i, j * 7 + s];
                }
                Assert.Equal(1.0, sum, 1e-6);
            }
        }
    }

    [Fact]
    public void Error_extrapolation_names_the_row_and_value()
    {
        TransformerModel model = new SplineTransformer(new() { Extrapolation = SplineExtrapolation.Error }).Fit(Matrix(Get("train")));
        var beyond = FeatureMatrix.Dense(new float[,] { { 0, 1, 1 }, { 99, 1, 1 } });
        string message = Assert.Throws<ArgumentException>(() => model.Transform(beyond)).Message;
        Assert.Contains("row 1", message);
        Assert.Contains("99", message);
    }

    [Fact]
    public void Invalid_options_name_the_setting()
    {
        Assert.Contains("KnotCount", Assert.Throws<ArgumentException>(() => new SplineTransformerOptions { KnotCount = 1 }.Validate()).Message);
        Assert.Contains("Degree", Assert.Throws<ArgumentException>(() => new SplineTransformerOptions { Degree = -1 }.Validate()).Message);
        Assert.Contains("periodic", Assert.Throws<ArgumentException>(() =>
            new SplineTransformerOptions { KnotCount = 3, Degree = 3, Extrapolation = SplineExtrapolation.Periodic }.Validate()).Message);
        Assert.Contains("2 samples", Assert.Throws<ArgumentException>(() => new SplineTransformer().Fit(FeatureMatrix.Dense(new float[,] { { 1 } }))).Message);
    }

    [Fact]
    public void Sparse_input_gives_the_same_values_as_dense()
    {
        DenseMatrix x = Matrix(Get("train"));
        TransformerModel model = new SplineTransformer().Fit(x);
        FeatureMatrix fromSparse = new SplineTransformer().Fit(x.ToSparse()).Transform(x.ToSparse());
        Assert.Equal(model.Transform(x).ToDense().Values.ToArray(), fromSparse.ToDense().Values.ToArray());
    }

    [Fact]
    public void Save_and_load_keep_the_knots_exactly()
    {
        string path = Path.Combine(Path.GetTempPath(), $"taxon-spline-{Guid.NewGuid():N}.taxon");
        try
        {
            TransformerModel model = new SplineTransformer(new() { Knots = KnotPlacement.Quantile, Extrapolation = SplineExtrapolation.Linear }).Fit(Matrix(Get("train")));
            model.Save(path);
            TransformerModel loaded = TransformerModel.Load(path);
            Assert.IsType<SplineTransformerModel>(loaded);
            Assert.Equal(((SplineTransformerModel)model).Options, ((SplineTransformerModel)loaded).Options);
            DenseMatrix test = Matrix(Get("test"));
            Assert.Equal(model.Transform(test).ToDense().Values.ToArray(), loaded.Transform(test).ToDense().Values.ToArray());
            Assert.IsType<SplineTransformerModel>(ModelFile.Load(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}

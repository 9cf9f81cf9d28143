using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multiclass;

namespace Taxon.Classification.Tests.Multiclass;

/// <summary>
/// The meta-logic of the multi-class decompositions against scikit-learn 1.2.1 (fixtures/sklearn_multiclass.json,
/// written by fixtures/make_sklearn_multiclass.py): scikit-learn's meta-estimators and ours wrap sub-models with the
/// same fixed outputs, so voting, tie-breaking, normalisation and decoding are compared exactly; pairwise coupling
/// is compared with LIBSVM's (an SVC's predict_proba from its own pairwise probabilities).
/// </summary>
public sealed class MulticlassReferenceTests
{
    private static readonly JsonElement Root = JsonDocument.Parse(
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "sklearn_multiclass.json"))).RootElement;

    private static int Samples => Root.GetProperty("samples").GetInt32();

    private static double[][] Matrix(JsonElement e) => [.. e.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    private static int[] Ints(JsonElement e) => [.. e.EnumerateArray().Select(v => v.GetInt32())];

    private static ClassifierModel[] Stubs(JsonElement c)
    {
        JsonElement s = c.GetProperty("stubs");
        double[][] dec = Matrix(s.GetProperty("decision")), prob = Matrix(s.GetProperty("probability"));
        int[][] pred = [.. s.GetProperty("prediction").EnumerateArray().Select(Ints)];
        return [.. dec.Select((_, m) => new FixedBinaryModel(dec[m], prob[m], pred[m]))];
    }

    private static string[] Classes(int k) => [.. Enumerable.Range(0, k).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Sample i is the row [i].</summary>
    private static DenseMatrix Indices() => new([.. Enumerable.Range(0, Samples).Select(i => (float)i)], Samples, 1);

    private static void AssertClose(double[][] expected, double[,] actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.GetLength(0));
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Length, actual.GetLength(1));
            for (int j = 0; j < expected[i].Length; j++)
            {
                Assert.True(Math.Abs(expected[i][j] - actual[i, j]) <= tolerance, $"[{i}, {j}]: scikit-learn {expected[i][j]}, Taxon {actual[i, j]}");
            }
        }
    }

    [Fact]
    public void One_vs_rest_matches_scikit_learn_including_ties()
    {
        int ties = 0;
        foreach (JsonElement c in Root.GetProperty("ovr").EnumerateArray())
        {
            int k = c.GetProperty("classes").GetInt32();
            var model = new OneVsRestModel(Classes(k), 1, Stubs(c));
            Assert.Equal(Ints(c.GetProperty("predict")), model.PredictIndices(Indices()));
            AssertClose(Matrix(c.GetProperty("decision")), model.DecisionFunction(Indices()), 0);
            AssertClose(Matrix(c.GetProperty("proba")), model.PredictProba(Indices()), 1e-15);
            double[][] d = Matrix(c.GetProperty("decision"));
            ties += k > 2 ? d.Count(row => row.Count(v => v == row.Max()) > 1) : 0;
        }
        Assert.True(ties >= 10, $"only {ties} tied samples: the fixture no longer tests tie-breaking");
    }

    [Fact]
    public void One_vs_one_votes_and_breaks_ties_as_scikit_learn()
    {
        int tiedVotes = 0;
        foreach (JsonElement c in Root.GetProperty("ovo").EnumerateArray())
        {
            int k = c.GetProperty("classes").GetInt32();
            var model = new OneVsOneModel(Classes(k), 1, Stubs(c));
            double[][] expected = Matrix(c.GetProperty("decision"));
            Assert.Equal(Ints(c.GetProperty("predict")), model.PredictIndices(Indices()));
            AssertClose(expected, model.DecisionFunction(Indices()), 1e-15);
            tiedVotes += k > 2 ? expected.Count(row => row.Count(v => Math.Round(v) == Math.Round(row.Max())) > 1) : 0;
        }
        Assert.True(tiedVotes >= 10, $"only {tiedVotes} samples with tied votes: the fixture no longer tests tie-breaking");
    }

    [Fact]
    public void Output_codes_decode_to_the_nearest_code_word_as_scikit_learn()
    {
        foreach (JsonElement c in Root.GetProperty("ecoc").EnumerateArray())
        {
            int k = c.GetProperty("classes").GetInt32();
            OutputCodeDecoding decoding = c.GetProperty("decoding").GetString() == "decision" ? OutputCodeDecoding.Decision : OutputCodeDecoding.Probability;
            byte[] code = [.. c.GetProperty("code_book").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => (byte)v.GetInt32()))];
            var model = new OutputCodeModel(Classes(k), 1, code, decoding, Stubs(c));
            double[][] distances = Matrix(c.GetProperty("distances"));
            // scikit-learn's euclidean_distances expands ‖a−b‖² = a·a − 2a·b + b·b, which loses about 1e-8.
            double[,] negated = model.DecisionFunction(Indices());
            for (int i = 0; i < Samples; i++)
            {
                for (int j = 0; j < k; j++)
                {
                    Assert.Equal(distances[i][j], -negated[i, j], 1e-7);
                }
            }
            int[] expected = Ints(c.GetProperty("predict")), actual = model.PredictIndices(Indices());
            for (int i = 0; i < Samples; i++)
            {
                // Exactly equal distances may be ordered differently by the expansion's rounding; ours takes the first.
                if (Math.Abs(distances[i][expected[i]] - distances[i][actual[i]]) > 1e-7)
                {
                    Assert.Fail($"sample {i}: scikit-learn predicts {expected[i]}, Taxon {actual[i]}");
                }
                for (int j = 0; j < actual[i]; j++)
                {
                    Assert.True(-negated[i, j] > -negated[i, actual[i]], $"sample {i}: class {j} is as near as {actual[i]} but comes first");
                }
            }
        }
    }

    [Fact]
    public void Pairwise_coupling_matches_libsvm()
    {
        double worst = 0;
        foreach (JsonElement c in Root.GetProperty("coupling").EnumerateArray())
        {
            int k = c.GetProperty("classes").GetInt32();
            double[][] pairwise = Matrix(c.GetProperty("pairwise")), proba = Matrix(c.GetProperty("proba"));
            var r = new double[k * k];
            var p = new double[k];
            var work = new double[k * k + k];
            for (int s = 0; s < pairwise.Length; s++)
            {
                for (int i = 0, q = 0; i < k; i++)
                {
                    for (int j = i + 1; j < k; j++, q++)
                    {
                        r[i * k + j] = pairwise[s][q];
                        r[j * k + i] = 1 - pairwise[s][q];
                    }
                }
                PairwiseCoupling.Couple(r, p, work);
                for (int j = 0; j < k; j++)
                {
                    worst = Math.Max(worst, Math.Abs(p[j] - proba[s][j]));
                }
            }
        }
        Assert.True(worst < 1e-12, $"max |Taxon − LIBSVM| = {worst}");
    }

    [Fact]
    public void Pairwise_coupling_of_two_classes_is_the_pairwise_probability()
    {
        var p = new double[2];
        PairwiseCoupling.Couple([0, 0.3, 0.7, 0], p, new double[6]);
        Assert.Equal([0.3, 0.7], p);
    }

    [Fact]
    public void One_vs_one_probabilities_couple_the_pair_models_probabilities()
    {
        JsonElement c = Root.GetProperty("ovo")[2];
        int k = c.GetProperty("classes").GetInt32();
        ClassifierModel[] stubs = Stubs(c);
        var model = new OneVsOneModel(Classes(k), 1, stubs);
        double[,] p = model.PredictProba(Indices());
        var r = new double[k * k];
        var expected = new double[k];
        for (int s = 0; s < Samples; s++)
        {
            for (int i = 0, q = 0; i < k; i++)
            {
                for (int j = i + 1; j < k; j++, q++)
                {
                    // The pair model's class 0 is class i: r_ij = P(i | i or j) = 1 − P(class 1).
                    double rij = 1 - stubs[q].PredictProba(new DenseMatrix([s], 1, 1))[0, 1];
                    r[i * k + j] = rij;
                    r[j * k + i] = 1 - rij;
                }
            }
            PairwiseCoupling.Couple(r, expected, new double[k * k + k]);
            for (int j = 0; j < k; j++)
            {
                Assert.Equal(expected[j], p[s, j], 1e-15);
            }
        }
    }
}

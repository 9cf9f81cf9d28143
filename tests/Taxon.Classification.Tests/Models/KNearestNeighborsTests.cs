using System.Text.Json;
using Taxon.Classification.Data;
using Taxon.Classification.Models;

namespace Taxon.Classification.Tests.Models;

public sealed class KNearestNeighborsTests
{
    private const double Tolerance = 1e-9;

    public static TheoryData<int, bool> Cases()
    {
        var data = new TheoryData<int, bool>();
        for (int i = 0; i < SklearnFixture.Count("knn"); i++)
        {
            data.Add(i, false);
            data.Add(i, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_scikit_learn(int index, bool sparse)
    {
        JsonElement c = SklearnFixture.Case("knn", index);
        JsonElement p = c.GetProperty("params");
        var (train, test) = SklearnFixture.Data(c.GetProperty("data").GetString()!, sparse);
        string what = $"knn {p} on {c.GetProperty("data").GetString()}{(sparse ? " (sparse)" : "")}";
        var options = new KNearestNeighborsOptions
        {
            Neighbors = p.GetProperty("n_neighbors").GetInt32(),
            Weights = p.GetProperty("weights").GetString() == "distance" ? NeighborWeights.Distance : NeighborWeights.Uniform,
            Metric = p.GetProperty("metric").GetString() switch
            {
                "manhattan" => DistanceMetric.Manhattan,
                "cosine" => DistanceMetric.Cosine,
                _ => DistanceMetric.Euclidean,
            },
        };
        var model = (KNearestNeighborsModel)new KNearestNeighbors(options).Fit(train);

        Assert.Equal(SklearnFixture.Strings(c.GetProperty("classes")), model.Classes);
        Assert.Equal(SklearnFixture.Strings(c.GetProperty("predict")), model.Predict(test));
        double[,] expected = SklearnFixture.Matrix(c.GetProperty("predict_proba"));
        SklearnFixture.AssertClose(expected, model.PredictProba(test), Tolerance, what + " predict_proba");
        var (distances, indices) = model.KNeighbors(test);
        SklearnFixture.AssertClose(SklearnFixture.Matrix(c.GetProperty("kneighbors_distance")), distances, Tolerance, what + " distances");
        JsonElement expectedIndices = c.GetProperty("kneighbors_index");
        for (int i = 0; i < test.Rows; i++)
        {
            for (int j = 0; j < options.Neighbors; j++)
            {
                Assert.Equal(expectedIndices[i][j].GetInt32(), indices[i, j]);
            }
        }
        // One row at a time gives what the parallel batch gives.
        var row = new double[model.Classes.Count];
        for (int i = 0; i < test.Rows; i++)
        {
            model.PredictProba(test.Row(i), row);
            Assert.Equal(Enumerable.Range(0, row.Length).Select(j => model.PredictProba(test)[i, j]), row);
        }
    }

    [Fact]
    public void Equal_distances_are_taken_in_training_order()
    {
        // Every training sample is at distance 1 from the query.
        var train = new LabeledData(new DenseMatrix([1, 0, -1, 0, 0, 1, 0, -1, 0, 1], 5, 2), ["b", "a", "a", "b", "a"]);
        var query = new DenseMatrix([0, 0], 1, 2);
        var one = (KNearestNeighborsModel)new KNearestNeighbors(new() { Neighbors = 1 }).Fit(train);
        Assert.Equal(["b"], one.Predict(query));
        var three = (KNearestNeighborsModel)new KNearestNeighbors(new() { Neighbors = 3 }).Fit(train);
        var (distances, indices) = three.KNeighbors(query);
        Assert.Equal(new[] { 0, 1, 2 }, Enumerable.Range(0, 3).Select(j => indices[0, j]));
        Assert.All(Enumerable.Range(0, 3), j => Assert.Equal(1.0, distances[0, j]));
        Assert.Equal(["a"], three.Predict(query));
        // Two classes: the decision value is P(b) − P(a).
        Assert.Equal(1.0 / 3 - 2.0 / 3, three.DecisionFunction(query)[0, 0], 1e-15);
    }

    [Fact]
    public void Distance_weights_give_an_exact_match_all_the_weight()
    {
        var train = new LabeledData(new DenseMatrix([0, 0, 0.1f, 0, 0, 0.1f, 5, 5], 4, 2), ["a", "b", "b", "c"]);
        var model = new KNearestNeighbors(new() { Neighbors = 3, Weights = NeighborWeights.Distance }).Fit(train);
        double[,] p = model.PredictProba(new DenseMatrix([0, 0], 1, 2));
        Assert.Equal([1.0, 0.0, 0.0], Enumerable.Range(0, 3).Select(j => p[0, j]));
        p = model.PredictProba(new DenseMatrix([0.05f, 0], 1, 2).ToSparse());
        Assert.True(p[0, 1] > p[0, 0] && p[0, 2] == 0);
    }

    [Fact]
    public void More_neighbours_than_samples_is_an_error_naming_the_setting()
    {
        var train = new LabeledData(new DenseMatrix([0, 1, 2], 3, 1), ["a", "b", "a"]);
        string message = Assert.Throws<ArgumentException>(() => new KNearestNeighbors().Fit(train)).Message;
        Assert.Contains("Neighbors", message);
        Assert.Contains("3 training samples", message);
        Assert.Contains("Neighbors", Assert.Throws<ArgumentException>(() => new KNearestNeighbors(new() { Neighbors = 0 })).Message);
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        LabeledData train = Conformance.ConformanceData.Blobs(200, 6, 4, seed: 7);
        FeatureMatrix test = Conformance.ConformanceData.Blobs(300, 6, 4, seed: 8).Features;
        var options = new KNearestNeighborsOptions { Neighbors = 7, Weights = NeighborWeights.Distance };
        ClassifierModel serial = new KNearestNeighbors(options with { MaxDegreeOfParallelism = 1 }).Fit(train);
        ClassifierModel parallel = new KNearestNeighbors(options).Fit(train);
        Assert.Equal(serial.PredictProba(test), parallel.PredictProba(test));
        Assert.Equal(serial.Predict(test), parallel.Predict(test));
    }
}

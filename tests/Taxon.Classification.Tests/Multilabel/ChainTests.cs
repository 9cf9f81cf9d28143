using Taxon.Classification.Data;
using Taxon.Classification.Models;
using Taxon.Classification.Multilabel;
using Taxon.Classification.Tests.Conformance;
using Taxon.Classification.Tests.Multiclass;

namespace Taxon.Classification.Tests.Multilabel;

/// <summary>Binary relevance, classifier chains and ensembles of chains: label order, what each link sees, and what is fed forward.</summary>
public sealed class ChainTests
{
    /// <summary>Four samples, two features (the sample index and 10 × it), labels a, b, c.</summary>
    private static LabeledData Small() => new(
        new DenseMatrix([0, 0, 1, 10, 2, 20, 3, 30, 4, 40], 5, 2),
        [["a"], ["a", "c"], ["b"], ["b", "c"], ["a", "b", "c"]],
        ["a", "b", "c"]);

    private static byte[] Truth(LabeledData data) => LabelIndicator.Encode(data.LabelSets, data.LabelNames!);

    [Fact]
    public void Binary_relevance_fits_each_label_on_every_sample()
    {
        var recorder = new RecordingClassifier();
        LabeledData data = Small();
        var model = (BinaryRelevanceModel)new BinaryRelevance(recorder).Fit(data);
        byte[] y = Truth(data);
        for (int j = 0; j < 3; j++)
        {
            string label = data.LabelNames![j];
            RecordingClassifier.Call call = recorder.Calls.Single(c => c.Classes[1] == label);
            Assert.Equal(["not " + label, label], call.Classes);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => (int)y[i * 3 + j]), call.Y);
            Assert.All(call.Rows, r => Assert.Equal(2, r.Length));
            Assert.Equal(call.Classes, model.Estimators[j].Classes);
        }
    }

    [Fact]
    public void A_chain_link_sees_the_features_then_the_true_labels_before_it_in_chain_order()
    {
        var recorder = new RecordingClassifier();
        LabeledData data = Small();
        var model = (ClassifierChainModel)new ClassifierChain(recorder, new() { Order = ["c", "a", "b"] }).Fit(data);
        Assert.Equal([2, 0, 1], model.Order);
        byte[] y = Truth(data);
        for (int c = 0; c < 3; c++)
        {
            int label = model.Order[c];
            RecordingClassifier.Call call = recorder.Calls.Single(k => k.Classes[1] == data.LabelNames![label]);
            Assert.Equal(Enumerable.Range(0, 5).Select(i => (int)y[i * 3 + label]), call.Y);
            for (int i = 0; i < 5; i++)
            {
                float[] expected = [i, 10 * i, .. Enumerable.Range(0, c).Select(p => (float)y[i * 3 + model.Order[p]])];
                Assert.Equal(expected, call.Rows[i]);
            }
            Assert.Equal(2 + c, model.Links[c].FeatureCount);
        }
    }

    [Fact]
    public void Chain_orders_are_declared_given_or_random_and_seeded()
    {
        LabeledData data = ConformanceData.MultiLabel(40, 3, 6, seed: 3);
        var centroid = new CentroidClassifier();
        Assert.Equal([0, 1, 2, 3, 4, 5], ((ClassifierChainModel)new ClassifierChain(centroid).Fit(data)).Order);
        IReadOnlyList<int> a = ((ClassifierChainModel)new ClassifierChain(centroid, new() { RandomOrder = true, Seed = 9 }).Fit(data)).Order;
        IReadOnlyList<int> b = ((ClassifierChainModel)new ClassifierChain(centroid, new() { RandomOrder = true, Seed = 9 }).Fit(data)).Order;
        IReadOnlyList<int> other = ((ClassifierChainModel)new ClassifierChain(centroid, new() { RandomOrder = true, Seed = 10 }).Fit(data)).Order;
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
        Assert.Equal(Enumerable.Range(0, 6), a.Order());

        Assert.Contains("'l9'", Assert.Throws<ArgumentException>(() => new ClassifierChain(centroid, new() { Order = ["l0", "l1", "l2", "l3", "l4", "l9"] }).Fit(data)).Message);
        Assert.Contains("names 2 labels", Assert.Throws<ArgumentException>(() => new ClassifierChain(centroid, new() { Order = ["l0", "l1"] }).Fit(data)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => new ClassifierChain(centroid, new() { Order = ["l0", "l0"] })).Message);
        Assert.Contains("RandomOrder", Assert.Throws<ArgumentException>(() => new ClassifierChain(centroid, new() { Order = ["l0"], RandomOrder = true })).Message);
    }

    [Fact]
    public void Prediction_feeds_forward_hard_decisions_at_the_label_thresholds()
    {
        // Link 0 (label b) gives 0.7; link 1 (label a) gives 0.2 + 0.5 × (b fed forward).
        var first = new InputProbabilityModel(1, 0.7, [0]);
        var second = new InputProbabilityModel(2, 0.2, [0, 0.5]);
        var chain = new ClassifierChainModel(["a", "b"], 1, [1, 0], [first, second]);
        var x = new DenseMatrix([5], 1, 1);

        double[,] p = chain.PredictProba(x);
        Assert.Equal(0.7, p[0, 1], 1e-15);
        Assert.Equal(0.7, p[0, 0], 1e-15);
        Assert.Equal([5f, 1f], second.Seen[^1]);   // 1, not the probability 0.7
        Assert.Equal([["a", "b"]], chain.Predict(x));

        // Raising b's threshold above 0.7 drops b, which a's link then sees as 0.
        MultiLabelModel strict = chain.WithThresholds([0.5, 0.8]);
        p = strict.PredictProba(x);
        Assert.Equal(0.2, p[0, 0], 1e-15);
        Assert.Equal([5f, 0f], second.Seen[^1]);
        Assert.Equal([Array.Empty<string>()], strict.Predict(x));

        // Sparse rows feed the same values.
        Assert.Equal(strict.PredictProba(x), strict.PredictProba(x.ToSparse()));
        Assert.Equal(chain.PredictProba(x), chain.PredictProba(x.ToSparse()));
    }

    [Fact]
    public void An_ensemble_averages_chains_with_random_orders_on_bootstrap_samples()
    {
        var recorder = new RecordingClassifier();
        LabeledData data = ConformanceData.MultiLabel(30, 3, 4, seed: 5);
        var model = (EnsembleClassifierChainModel)new EnsembleClassifierChain(recorder, new() { ChainCount = 5, Seed = 3 }).Fit(data);
        Assert.Equal(5, model.Chains.Count);
        Assert.True(model.Chains.Select(c => string.Join(",", c.Order)).Distinct().Count() > 1, "the chains' orders are all the same");
        // Every link of every chain saw a bootstrap sample: as many rows as the data, some repeated.
        Assert.Equal(20, recorder.Calls.Count(c => c.Classes[0].StartsWith("not ", StringComparison.Ordinal)));
        Assert.All(recorder.Calls, c => Assert.Equal(30, c.Rows.Length));
        Assert.Contains(recorder.Calls, c => c.Rows.Select(r => r[0]).Distinct().Count() < 30);

        LabeledData test = ConformanceData.MultiLabel(10, 3, 4, seed: 6);
        double[,] mean = model.PredictProba(test.Features);
        for (int i = 0; i < test.Count; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                double expected = model.Chains.Average(c => c.PredictProba(test.Features)[i, j]);
                Assert.Equal(expected, mean[i, j], 1e-15);
            }
        }

        var noBootstrap = new RecordingClassifier();
        new EnsembleClassifierChain(noBootstrap, new() { ChainCount = 2, Bootstrap = false }).Fit(data);
        Assert.All(noBootstrap.Calls, c => Assert.Equal(Enumerable.Range(0, 30).Select(i => data.Features[i, 0]), c.Rows.Select(r => r[0])));
        Assert.Contains("ChainCount", Assert.Throws<ArgumentException>(() => new EnsembleClassifierChain(recorder, new() { ChainCount = 0 })).Message);
    }

    [Fact]
    public void Parallel_chain_fits_equal_sequential_ones()
    {
        var (train, test) = (ConformanceData.MultiLabel(150, 5, 5, seed: 2).Subset([.. Enumerable.Range(0, 100)]),
            ConformanceData.MultiLabel(150, 5, 5, seed: 2).Subset([.. Enumerable.Range(100, 50)]));
        Func<int, MultiLabelClassifier>[] makers =
        [
            t => new BinaryRelevance(new SoftmaxRegressionClassifier(50), new() { MaxParallelism = t }),
            t => new ClassifierChain(new SoftmaxRegressionClassifier(50), new() { MaxParallelism = t, RandomOrder = true }),
            t => new EnsembleClassifierChain(new SoftmaxRegressionClassifier(50), new() { MaxParallelism = t, ChainCount = 4 }),
        ];
        foreach (var make in makers)
        {
            Assert.Equal(make(1).Fit(train).PredictProba(test.Features), make(4).Fit(train).PredictProba(test.Features));
        }
    }
}

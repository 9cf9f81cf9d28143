using System.Diagnostics;
using Taxon.Classification.Data;
using Taxon.NN;
using Taxon.Optim;

namespace Taxon.Classification.Models;

/// <summary>
/// The training loop that <see cref="MlpClassifier"/> and <see cref="CnnClassifier"/> share: shuffled mini-batches
/// of cross-entropy and Adam, an optional stratified validation split evaluated after each epoch, and early stopping
/// that restores the best epoch's weights. The loop body allocates only what the engine's operations return.
/// </summary>
internal static class MiniBatchTrainer
{
    /// <summary>The most samples per forward pass when evaluating: large enough for efficient GEMMs.</summary>
    internal const int MaxEvaluationBatch = 1000;

    /// <summary>
    /// The most bytes one activation of an evaluation batch may take: larger arrays go to the large-object heap,
    /// which only full collections reclaim (a CNN's first convolution at 1,000 images would be 100 MB).
    /// </summary>
    internal const long EvaluationActivationBytes = 8L << 20;

    /// <summary>The least change that counts as an improvement for early stopping (scikit-learn: <c>tol</c>; PyTorch Lightning: <c>min_delta</c>).</summary>
    private const double ImprovementTolerance = 1e-4;

    /// <summary>Fills a batch buffer with the samples at the given rows and returns its tensor.</summary>
    internal delegate Tensor Gather(BatchBuffer buffer, ReadOnlySpan<int> rows);

    /// <summary>Trains on fixed-shape samples (the image path).</summary>
    public static TrainingHistory Fit(
        Module<Tensor, Tensor> network, Dataset data, int[] targets, int classCount, int[] inputShape,
        NeuralNetworkOptions options, int evaluationBatch, Generator generator, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken) =>
        Fit(network, (buffer, rows) => buffer.Gather(data, rows), targets, classCount, inputShape, options, evaluationBatch, generator,
            progress, cancellationToken);

    /// <summary>Trains on the rows of a feature matrix, densified one mini-batch at a time (so sparse data stays sparse in memory).</summary>
    public static TrainingHistory Fit(
        Module<Tensor, Tensor> network, FeatureMatrix x, int[] targets, int classCount,
        NeuralNetworkOptions options, int evaluationBatch, Generator generator, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken) =>
        Fit(network, (buffer, rows) => buffer.Gather(x, rows), targets, classCount, [x.Columns], options, evaluationBatch, generator,
            progress, cancellationToken);

    private static TrainingHistory Fit(
        Module<Tensor, Tensor> network, Gather gather, int[] targets, int classCount, int[] inputShape,
        NeuralNetworkOptions options, int evaluationBatch, Generator generator, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        long fitStart = Stopwatch.GetTimestamp();
        var (trainIndices, validationIndices) = Split(targets, classCount, options.EffectiveValidationFraction, generator);
        int n = trainIndices.Length;
        int batchSize = Math.Min(options.BatchSize, n);
        int batches = (n + batchSize - 1) / batchSize;
        var buffer = new BatchBuffer(batchSize, inputShape);
        var fullLabels = new int[batchSize];
        var lastLabels = n % batchSize == 0 ? fullLabels : new int[n % batchSize];
        Optimizer optimizer = options.Solver switch
        {
            Solver.Adam => new Adam(network.Parameters(), new AdamOptions(options.LearningRate, WeightDecay: options.WeightDecay)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Solver, "Unknown solver."),
        };
        // Loss improves downwards, accuracy upwards.
        EarlyStopping? stopper = options.EarlyStopping
            ? new EarlyStopping(options.Patience, ImprovementTolerance, options.EarlyStoppingMetric == EarlyStoppingMetric.Loss ? MetricMode.Min : MetricMode.Max)
            : null;

        var epochs = new List<EpochSummary>();
        double trainSeconds = 0;
        int bestEpoch = 0;
        bool stoppedEarly = false;
        Dictionary<string, Tensor>? bestState = null;
        for (int epoch = 1; epoch <= options.Epochs; epoch++)
        {
            long epochStart = Stopwatch.GetTimestamp();
            network.Train();
            Shuffle(trainIndices, generator);
            double lossSum = 0;
            for (int b = 0; b < batches; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int start = b * batchSize, count = Math.Min(batchSize, n - start);
                ReadOnlySpan<int> rows = trainIndices.AsSpan(start, count);
                Tensor x = gather(buffer, rows);
                int[] y = count == batchSize ? fullLabels : lastLabels;
                for (int i = 0; i < rows.Length; i++)
                {
                    y[i] = targets[rows[i]];
                }
                Tensor loss = Functional.CrossEntropy(network.Forward(x), IndexTensor.FromArray(y));
                optimizer.ZeroGrad();
                loss.Backward();
                optimizer.Step();
                lossSum += loss.Item();
                progress?.Report(new TrainingProgress(epoch, options.Epochs, b + 1, batches, lossSum / (b + 1), false, null, null,
                    Stopwatch.GetElapsedTime(fitStart)));
            }
            trainSeconds += Stopwatch.GetElapsedTime(epochStart).TotalSeconds;

            double? validationLoss = null, validationAccuracy = null;
            if (validationIndices.Length > 0)
            {
                (validationLoss, validationAccuracy) = Evaluate(network, gather, targets, validationIndices, inputShape, evaluationBatch);
            }
            double trainLoss = lossSum / batches;
            epochs.Add(new EpochSummary(epoch, trainLoss, validationLoss, validationAccuracy, Stopwatch.GetElapsedTime(epochStart).TotalSeconds));
            progress?.Report(new TrainingProgress(epoch, options.Epochs, batches, batches, trainLoss, true, validationLoss, validationAccuracy,
                Stopwatch.GetElapsedTime(fitStart)));

            if (stopper is null)
            {
                bestEpoch = epoch;
                continue;
            }
            if (stopper.Report(options.EarlyStoppingMetric == EarlyStoppingMetric.Loss ? validationLoss!.Value : validationAccuracy!.Value))
            {
                bestEpoch = epoch;
                bestState = Snapshot(network);
            }
            if (stopper.ShouldStop)
            {
                stoppedEarly = epoch < options.Epochs;
                break;
            }
        }
        if (bestState is null)
        {
            // No epoch improved (a NaN loss throughout): the last weights are all there is.
            bestEpoch = epochs.Count;
        }
        else if (bestEpoch != epochs.Count)
        {
            network.LoadStateDict(bestState, strict: true, source: $"the weights of epoch {bestEpoch}");
        }
        network.Eval();
        return new TrainingHistory(epochs, bestEpoch, stoppedEarly, n, validationIndices.Length, trainSeconds,
            Stopwatch.GetElapsedTime(fitStart).TotalSeconds);
    }

    /// <summary>Mean cross-entropy and accuracy of the network on the given samples, in evaluation mode without the graph.</summary>
    internal static (double Loss, double Accuracy) Evaluate(
        Module<Tensor, Tensor> network, Gather gather, int[] targets, int[] indices, int[] inputShape, int batch)
    {
        network.Eval();
        var buffer = new BatchBuffer(Math.Min(batch, indices.Length), inputShape);
        double lossSum = 0;
        int correct = 0;
        using (Autograd.NoGrad())
        {
            for (int start = 0; start < indices.Length; start += batch)
            {
                int count = Math.Min(batch, indices.Length - start);
                ReadOnlySpan<int> rows = indices.AsSpan(start, count);
                var y = new int[count];
                for (int i = 0; i < count; i++)
                {
                    y[i] = targets[rows[i]];
                }
                Tensor logits = network.Forward(gather(buffer, rows));
                lossSum += Functional.CrossEntropy(logits, IndexTensor.FromArray(y)).Item() * count;
                ReadOnlySpan<int> predicted = logits.ArgMax(1).Span;
                for (int i = 0; i < count; i++)
                {
                    correct += predicted[i] == y[i] ? 1 : 0;
                }
            }
        }
        return (lossSum / indices.Length, (double)correct / indices.Length);
    }

    /// <summary>
    /// Splits sample indices into training and validation parts, stratified: each class gives the same fraction
    /// (rounded) to validation, as scikit-learn's <c>train_test_split(stratify=y)</c> does.
    /// </summary>
    internal static (int[] Train, int[] Validation) Split(int[] targets, int classCount, double fraction, Generator generator)
    {
        var all = new int[targets.Length];
        for (int i = 0; i < all.Length; i++)
        {
            all[i] = i;
        }
        if (fraction <= 0)
        {
            return (all, []);
        }
        Shuffle(all, generator);
        var perClass = new int[classCount];
        foreach (int t in targets)
        {
            perClass[t]++;
        }
        var quota = new int[classCount];
        for (int c = 0; c < classCount; c++)
        {
            quota[c] = (int)Math.Round(perClass[c] * fraction, MidpointRounding.AwayFromZero);
        }
        var train = new List<int>(all.Length);
        var validation = new List<int>();
        foreach (int i in all)
        {
            if (quota[targets[i]] > 0)
            {
                quota[targets[i]]--;
                validation.Add(i);
            }
            else
            {
                train.Add(i);
            }
        }
        if (validation.Count == 0 || train.Count == 0)
        {
            throw new ArgumentException(
                $"A validation fraction of {fraction} of {targets.Length} samples leaves {train.Count} for training and {validation.Count} for validation; both need at least one.");
        }
        return ([.. train], [.. validation]);
    }

    /// <summary>Fisher–Yates shuffle driven by the seeded generator, so the order depends only on the seed.</summary>
    internal static void Shuffle(int[] values, Generator generator)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = generator.NextInt(0, i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }

    private static Dictionary<string, Tensor> Snapshot(Module network)
    {
        var state = network.StateDict();
        foreach (string name in state.Keys.ToArray())
        {
            state[name] = state[name].Clone();
        }
        return state;
    }
}

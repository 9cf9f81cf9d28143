namespace Taxon.NN;

/// <summary>
/// The shared implementation of <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/> (PyTorch: <c>_BatchNorm</c>):
/// per-channel normalisation by the batch's statistics in training mode and by running statistics in evaluation mode.
/// Parameters <c>weight</c> (ones) and <c>bias</c> (zeros) when affine; buffers <c>running_mean</c> (zeros),
/// <c>running_var</c> (ones) and <c>num_batches_tracked</c> when tracking running statistics, under PyTorch's names.
/// </summary>
public abstract class BatchNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer for <paramref name="numFeatures"/> channels (PyTorch's defaults: eps 1e-5, momentum 0.1).</summary>
    protected BatchNorm(int numFeatures, float eps, float? momentum, bool affine, bool trackRunningStats)
    {
        if (numFeatures <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numFeatures), numFeatures, $"{GetType().Name}: the number of features must be positive.");
        }
        if (!(eps >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(eps), eps, $"{GetType().Name}: eps must be non-negative.");
        }
        if (momentum is { } m && !(m >= 0f && m <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, $"{GetType().Name}: momentum must be between 0 and 1, or null for a cumulative average.");
        }
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        TrackRunningStats = trackRunningStats;
        if (affine)
        {
            Weight = RegisterParameter("weight", Tensor.Ones(numFeatures));
            Bias = RegisterParameter("bias", Tensor.Zeros(numFeatures));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Tensor.Zeros(numFeatures));
            RunningVar = RegisterBuffer("running_var", Tensor.Ones(numFeatures));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Tensor.Scalar(0f));
        }
    }

    /// <summary>The number of channels C (PyTorch: <c>num_features</c>).</summary>
    public int NumFeatures { get; }

    /// <summary>Added to the variance before the square root (PyTorch: <c>eps</c>).</summary>
    public float Eps { get; }

    /// <summary>
    /// The weight of the new batch in the running statistics (PyTorch: <c>momentum</c>); null for a cumulative moving
    /// average, where batch k has weight 1/k.
    /// </summary>
    public float? Momentum { get; }

    /// <summary>Whether the layer has a learnable weight and bias (PyTorch: <c>affine</c>).</summary>
    public bool Affine { get; }

    /// <summary>
    /// Whether running statistics are kept (PyTorch: <c>track_running_stats</c>); without them the batch's statistics
    /// normalise in evaluation mode too.
    /// </summary>
    public bool TrackRunningStats { get; }

    /// <summary>The per-channel scale γ, [C], or null without affine (PyTorch: <c>weight</c>).</summary>
    public Tensor? Weight { get; }

    /// <summary>The per-channel shift β, [C], or null without affine (PyTorch: <c>bias</c>).</summary>
    public Tensor? Bias { get; }

    /// <summary>The running mean, [C], or null when not tracking (PyTorch: <c>running_mean</c>).</summary>
    public Tensor? RunningMean { get; }

    /// <summary>The running unbiased variance, [C], or null when not tracking (PyTorch: <c>running_var</c>).</summary>
    public Tensor? RunningVar { get; }

    /// <summary>
    /// The number of training batches seen, as a 0-d tensor, or null when not tracking (PyTorch:
    /// <c>num_batches_tracked</c>, an int64 there; float32 here, exact up to 2^24 batches).
    /// </summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Resets the running statistics to mean 0, variance 1 and no batches (PyTorch: <c>reset_running_stats</c>).</summary>
    public void ResetRunningStats()
    {
        using (Autograd.NoGrad())
        {
            RunningMean?.Zero_();
            RunningVar?.Fill_(1f);
            NumBatchesTracked?.Zero_();
        }
    }

    /// <summary>Resets the running statistics, the weight to ones and the bias to zeros (PyTorch: <c>reset_parameters</c>).</summary>
    public void ResetParameters()
    {
        ResetRunningStats();
        if (Weight is not null && Bias is not null)
        {
            Init.Ones_(Weight);
            Init.Zeros_(Bias);
        }
    }

    /// <summary>
    /// Normalises the input (PyTorch: <c>forward</c>). In training mode the batch statistics normalise and, when
    /// tracking, update the running statistics and <see cref="NumBatchesTracked"/>; in evaluation mode the running
    /// statistics normalise.
    /// </summary>
    public override Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInputDim(input);
        if (input.Shape[1] != NumFeatures)
        {
            throw new ArgumentException(
                $"{GetType().Name}: expected {NumFeatures} channels in dimension 1, got input of shape {ShapeMath.Format(input.Shape)}.");
        }
        bool useBatchStatistics = IsTraining || RunningMean is null;
        if (useBatchStatistics && input.NumElements == NumFeatures)
        {
            // Checked before the counter moves, so that a rejected batch leaves the module as it was.
            throw new ArgumentException(
                $"{GetType().Name}: expected more than 1 value per channel when training, got input of shape {ShapeMath.Format(input.Shape)}.");
        }
        float factor = Momentum ?? 0f;
        if (IsTraining && NumBatchesTracked is not null)
        {
            using (Autograd.NoGrad())
            {
                NumBatchesTracked.Add_(1f);
            }
            if (Momentum is null)
            {
                factor = 1f / NumBatchesTracked.Item();
            }
        }
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStatistics, factor, Eps);
    }

    /// <summary>Throws when the input's rank is not one this layer accepts (PyTorch: <c>_check_input_dim</c>).</summary>
    protected abstract void CheckInputDim(Tensor input);

    /// <inheritdoc />
    protected override string ExtraRepr() =>
        $"{NumFeatures}, eps={PythonRepr.Float(Eps)}, momentum={PythonRepr.Float(Momentum)}, affine={Py(Affine)}, track_running_stats={Py(TrackRunningStats)}";
}

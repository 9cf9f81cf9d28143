namespace Taxon.Tests.TorchReference;

/// <summary>One step of a batch-norm case: mode, data and what PyTorch produced.</summary>
public sealed class BatchNormStep
{
    /// <summary>Training (true) or evaluation mode.</summary>
    public bool Train { get; set; }

    /// <summary>The input.</summary>
    public TorchArray Input { get; set; } = new();

    /// <summary>The upstream gradient.</summary>
    public TorchArray GradOutput { get; set; } = new();

    /// <summary>The output.</summary>
    public TorchArray Output { get; set; } = new();

    /// <summary>The input's gradient.</summary>
    public TorchArray GradInput { get; set; } = new();

    /// <summary>The weight's gradient, or null without affine.</summary>
    public TorchArray? GradWeight { get; set; }

    /// <summary>The bias's gradient, or null without affine.</summary>
    public TorchArray? GradBias { get; set; }

    /// <summary>The running mean after the step, or null when not tracked.</summary>
    public TorchArray? RunningMean { get; set; }

    /// <summary>The running variance after the step, or null when not tracked.</summary>
    public TorchArray? RunningVar { get; set; }

    /// <summary>The batch count after the step, or null when not tracked.</summary>
    public int? NumBatchesTracked { get; set; }
}

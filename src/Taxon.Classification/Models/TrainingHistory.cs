namespace Taxon.Classification.Models;

/// <summary>What happened during <c>Fit</c> (Keras: <c>History</c>; scikit-learn: <c>loss_curve_</c>, <c>best_validation_score_</c>).</summary>
/// <param name="Epochs">One summary per epoch run.</param>
/// <param name="BestEpoch">The epoch whose weights the model holds: the best by the early-stopping metric, else the last.</param>
/// <param name="StoppedEarly">Whether early stopping ended training before the last epoch.</param>
/// <param name="TrainingSamples">Samples trained on (the training data less the validation split).</param>
/// <param name="ValidationSamples">Samples in the validation split.</param>
/// <param name="TrainSeconds">Seconds in the training loop: mini-batch gathering, forward, backward and updates, without validation.</param>
/// <param name="TotalSeconds">Seconds in <c>Fit</c> as a whole.</param>
public sealed record TrainingHistory(
    IReadOnlyList<EpochSummary> Epochs, int BestEpoch, bool StoppedEarly, int TrainingSamples, int ValidationSamples,
    double TrainSeconds, double TotalSeconds)
{
    /// <summary>Training samples processed per second of <see cref="TrainSeconds"/>.</summary>
    public double SamplesPerSecond => TrainSeconds > 0 ? (double)TrainingSamples * Epochs.Count / TrainSeconds : 0;
}

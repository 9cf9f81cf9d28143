namespace Taxon.Classification.Models;

/// <summary>One epoch of training (Keras: a row of <c>History.history</c>).</summary>
/// <param name="Epoch">The epoch, from 1.</param>
/// <param name="TrainLoss">Mean training loss over the epoch's mini-batches (in training mode, as they were computed).</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation split, or null without one.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, or null without one.</param>
/// <param name="Seconds">Seconds the epoch took, validation included.</param>
public sealed record EpochSummary(int Epoch, double TrainLoss, double? ValidationLoss, double? ValidationAccuracy, double Seconds);

namespace Taxon.Classification.Models;

/// <summary>
/// Where training stands, reported after every mini-batch and at the end of every epoch (Keras: the callbacks'
/// <c>on_batch_end</c>/<c>on_epoch_end</c> logs). A struct, so reporting allocates nothing in the training loop.
/// </summary>
/// <param name="Epoch">The current epoch, from 1.</param>
/// <param name="Epochs">The most epochs training will run.</param>
/// <param name="Batch">Mini-batches done in this epoch.</param>
/// <param name="Batches">Mini-batches per epoch.</param>
/// <param name="Loss">The mean training loss over this epoch's batches so far.</param>
/// <param name="EpochCompleted">Whether this report closes the epoch; the validation scores are set only then.</param>
/// <param name="ValidationLoss">Mean cross-entropy on the validation split, at the end of an epoch that has one.</param>
/// <param name="ValidationAccuracy">Accuracy on the validation split, at the end of an epoch that has one.</param>
/// <param name="Elapsed">Training time so far.</param>
public readonly record struct TrainingProgress(
    int Epoch, int Epochs, int Batch, int Batches, double Loss, bool EpochCompleted,
    double? ValidationLoss, double? ValidationAccuracy, TimeSpan Elapsed);

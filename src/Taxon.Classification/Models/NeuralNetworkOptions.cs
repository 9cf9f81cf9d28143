using System.Text.Json.Serialization;

namespace Taxon.Classification.Models;

/// <summary>
/// How a neural-network classifier is trained: mini-batch epochs, the optimiser, the validation split and early
/// stopping, and the seed (scikit-learn: <c>MLPClassifier</c>'s solver parameters). Immutable; derive variants with
/// <c>with</c>. The same options, data and seed give the same model.
/// </summary>
[JsonDerivedType(typeof(MlpClassifierOptions), "mlp")]
[JsonDerivedType(typeof(CnnClassifierOptions), "cnn")]
public abstract record NeuralNetworkOptions
{
    /// <summary>The default <see cref="ValidationFraction"/> when <see cref="EarlyStopping"/> is on: 0.1, as scikit-learn's.</summary>
    public const double DefaultValidationFraction = 0.1;

    /// <summary>Passes over the training data (scikit-learn: <c>max_iter</c>). Default 10.</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Samples per gradient step; the last batch of an epoch may be smaller (scikit-learn: <c>batch_size</c>). Default 128.</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>The optimiser's step size (scikit-learn: <c>learning_rate_init</c>; PyTorch: <c>lr</c>). Default 1e-3.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>The optimiser (scikit-learn: <c>solver</c>). Default Adam.</summary>
    public Solver Solver { get; init; } = Solver.Adam;

    /// <summary>L2 penalty added to the gradient as λ·w (PyTorch: Adam's <c>weight_decay</c>; scikit-learn's <c>alpha</c> is the same penalty). Default 0.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// Whether to stop when the validation metric has not improved for <see cref="Patience"/> epochs, keeping the
    /// weights of the best epoch (scikit-learn: <c>early_stopping</c>). Default false.
    /// </summary>
    public bool EarlyStopping { get; init; }

    /// <summary>
    /// The fraction of the training data held out, stratified by class, to validate after each epoch (scikit-learn:
    /// <c>validation_fraction</c>). Default null: <see cref="DefaultValidationFraction"/> when
    /// <see cref="EarlyStopping"/> is on, otherwise no split; 0 turns it off.
    /// </summary>
    public double? ValidationFraction { get; init; }

    /// <summary>Epochs without improvement before early stopping ends training (scikit-learn: <c>n_iter_no_change</c>). Default 5.</summary>
    public int Patience { get; init; } = 5;

    /// <summary>The validation metric early stopping watches. Default <see cref="EarlyStoppingMetric.Loss"/>.</summary>
    public EarlyStoppingMetric EarlyStoppingMetric { get; init; } = EarlyStoppingMetric.Loss;

    /// <summary>Seeds weight initialisation, dropout, shuffling and the validation split (scikit-learn: <c>random_state</c>). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>The validation fraction in effect, resolving the null default.</summary>
    [JsonIgnore]
    public double EffectiveValidationFraction => ValidationFraction ?? (EarlyStopping ? DefaultValidationFraction : 0);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public virtual void Validate()
    {
        Check(Epochs >= 1, $"Epochs must be at least 1, got {Epochs}.");
        Check(BatchSize >= 1, $"BatchSize must be at least 1, got {BatchSize}.");
        Check(double.IsFinite(LearningRate) && LearningRate > 0, $"LearningRate must be a positive number, got {LearningRate}.");
        Check(Enum.IsDefined(Solver), $"Solver {Solver} is not known.");
        Check(double.IsFinite(WeightDecay) && WeightDecay >= 0, $"WeightDecay must be zero or positive, got {WeightDecay}.");
        Check(ValidationFraction is null || (ValidationFraction >= 0 && ValidationFraction < 1),
            $"ValidationFraction must be in [0, 1), got {ValidationFraction}.");
        Check(!EarlyStopping || EffectiveValidationFraction > 0, "EarlyStopping needs a validation split; ValidationFraction is 0.");
        Check(Patience >= 1, $"Patience must be at least 1, got {Patience}.");
        Check(Enum.IsDefined(EarlyStoppingMetric), $"EarlyStoppingMetric {EarlyStoppingMetric} is not known.");
    }

    /// <summary>Throws an <see cref="ArgumentException"/> prefixed with the options' type when <paramref name="ok"/> is false.</summary>
    protected void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw new ArgumentException($"{GetType().Name}: {message}");
        }
    }
}

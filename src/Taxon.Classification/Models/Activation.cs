namespace Taxon.Classification.Models;

/// <summary>The non-linearity after each hidden layer (scikit-learn: <c>MLPClassifier(activation=...)</c>).</summary>
public enum Activation
{
    /// <summary>max(x, 0) (scikit-learn: <c>'relu'</c>; PyTorch: <c>nn.ReLU</c>).</summary>
    Relu,

    /// <summary>tanh(x) (scikit-learn: <c>'tanh'</c>; PyTorch: <c>nn.Tanh</c>).</summary>
    Tanh,

    /// <summary>1 / (1 + e^−x) (scikit-learn: <c>'logistic'</c>; PyTorch: <c>nn.Sigmoid</c>).</summary>
    Logistic,

    /// <summary>x·Φ(x) (PyTorch: <c>nn.GELU</c>).</summary>
    Gelu,
}

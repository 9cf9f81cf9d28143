namespace Taxon.NN;

/// <summary>The nonlinearities <see cref="Init.CalculateGain"/> knows (PyTorch's <c>nonlinearity</c> strings).</summary>
public enum Nonlinearity
{
    /// <summary>Identity, linear and convolution layers: gain 1.</summary>
    Linear,
    /// <summary>Sigmoid: gain 1.</summary>
    Sigmoid,
    /// <summary>tanh: gain 5/3.</summary>
    Tanh,
    /// <summary>ReLU: gain √2.</summary>
    Relu,
    /// <summary>Leaky ReLU: gain √(2/(1 + slope²)).</summary>
    LeakyRelu,
    /// <summary>SELU: gain 3/4.</summary>
    Selu,
}

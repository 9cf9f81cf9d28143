namespace Taxon.NN;

/// <summary>
/// A multi-layer Elman recurrent network (PyTorch: <c>torch.nn.RNN</c>): h' = tanh(W_ih x + b_ih + W_hh h + b_hh), or
/// ReLU instead of tanh. Each layer runs as one fused operation with a hand-written backward through time. See
/// <see cref="RnnBase{TState}"/> for parameters, variable lengths and initialisation.
/// </summary>
public sealed class Rnn : RnnBase<Tensor>
{
    /// <summary>Creates the network (PyTorch's argument order and defaults); the nonlinearity is Tanh or Relu.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The nonlinearity is neither Tanh nor Relu.</exception>
    public Rnn(int inputSize, int hiddenSize, int numLayers = 1, Nonlinearity nonlinearity = Nonlinearity.Tanh, bool bias = true,
        bool batchFirst = false, float dropout = 0f, bool bidirectional = false, Generator? generator = null)
        : base(KindOf(nonlinearity), "Rnn", inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator)
    {
        Nonlinearity = nonlinearity;
    }

    /// <summary>The cell's activation, Tanh or Relu (PyTorch: <c>nonlinearity</c>).</summary>
    public Nonlinearity Nonlinearity { get; }

    /// <summary>Runs full-length sequences from a zero state: (output, h_n) (PyTorch: <c>forward(input)</c>).</summary>
    public override (Tensor Output, Tensor Hidden) Forward(Tensor input) => Forward(input, null, null);

    /// <summary>
    /// Runs the network (PyTorch: <c>forward(input, h_0)</c>, with a packed sequence when lengths are given): input is
    /// [T, B, input_size] ([B, T, input_size] when batch_first) or [T, input_size]; <paramref name="hx"/> is h_0
    /// [num_layers·num_directions, B, hidden_size] or null for zeros. Returns the last layer's output
    /// [T, B, D·hidden_size] (zero at padded steps) and h_n [num_layers·num_directions, B, hidden_size].
    /// </summary>
    public (Tensor Output, Tensor Hidden) Forward(Tensor input, Tensor? hx = null, SequenceLengths? lengths = null) =>
        Functional.Rnn(input, hx, FlatWeights, NumLayers, Nonlinearity, Bidirectional, BatchFirst, Dropout, IsTraining, lengths, Generator);

    private static RnnCellKind KindOf(Nonlinearity nonlinearity) => nonlinearity switch
    {
        Nonlinearity.Tanh => RnnCellKind.RnnTanh,
        Nonlinearity.Relu => RnnCellKind.RnnRelu,
        _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "Rnn: the nonlinearity must be Tanh or Relu."),
    };
}

namespace Taxon.NN;

/// <summary>
/// A multi-layer long short-term memory network (Hochreiter &amp; Schmidhuber 1997; PyTorch: <c>torch.nn.LSTM</c>):
/// i, f, g, o = σ, σ, tanh, σ of W_ih x + b_ih + W_hh h + b_hh (gates in that order in the weights' rows),
/// c' = f⊙c + i⊙g, h' = o⊙tanh(c'). Each layer runs as one fused operation with a hand-written backward through time.
/// See <see cref="RnnBase{TState}"/> for parameters, variable lengths and initialisation.
/// </summary>
public sealed class Lstm : RnnBase<(Tensor H, Tensor C)>
{
    /// <summary>Creates the network (PyTorch's argument order and defaults; <c>proj_size</c> is not supported).</summary>
    public Lstm(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, float dropout = 0f,
        bool bidirectional = false, Generator? generator = null)
        : base(RnnCellKind.Lstm, "Lstm", inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator)
    {
    }

    /// <summary>Runs full-length sequences from a zero state: (output, (h_n, c_n)) (PyTorch: <c>forward(input)</c>).</summary>
    public override (Tensor Output, (Tensor H, Tensor C) Hidden) Forward(Tensor input) => Forward(input, null, null);

    /// <summary>
    /// Runs the network (PyTorch: <c>forward(input, (h_0, c_0))</c>, with a packed sequence when lengths are given).
    /// input is [T, B, input_size] ([B, T, input_size] when batch_first) or [T, input_size]; <paramref name="hx"/>
    /// is (h_0, c_0), each [num_layers·num_directions, B, hidden_size], or null for zeros; <paramref name="lengths"/>
    /// gives each sequence's length for a right-padded batch. Returns the last layer's output [T, B, D·hidden_size]
    /// (zero at padded steps) and (h_n, c_n), each [num_layers·num_directions, B, hidden_size].
    /// </summary>
    public (Tensor Output, (Tensor H, Tensor C) Hidden) Forward(Tensor input, (Tensor H, Tensor C)? hx = null, SequenceLengths? lengths = null) =>
        Functional.Lstm(input, hx, FlatWeights, NumLayers, Bidirectional, BatchFirst, Dropout, IsTraining, lengths, Generator);
}

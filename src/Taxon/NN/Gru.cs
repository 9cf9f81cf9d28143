namespace Taxon.NN;

/// <summary>
/// A multi-layer gated recurrent unit network (Cho et al. 2014; PyTorch: <c>torch.nn.GRU</c>), in PyTorch's exact form:
/// r = σ(W_ir x + b_ir + W_hr h + b_hr), z = σ(W_iz x + b_iz + W_hz h + b_hz), n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)),
/// h' = (1 − z)⊙n + z⊙h, gates r, z, n in that order in the weights' rows. Each layer runs as one fused operation with a
/// hand-written backward through time. See <see cref="RnnBase{TState}"/> for parameters, variable lengths and initialisation.
/// </summary>
public sealed class Gru : RnnBase<Tensor>
{
    /// <summary>Creates the network (PyTorch's argument order and defaults).</summary>
    public Gru(int inputSize, int hiddenSize, int numLayers = 1, bool bias = true, bool batchFirst = false, float dropout = 0f,
        bool bidirectional = false, Generator? generator = null)
        : base(RnnCellKind.Gru, "Gru", inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator)
    {
    }

    /// <summary>Runs full-length sequences from a zero state: (output, h_n) (PyTorch: <c>forward(input)</c>).</summary>
    public override (Tensor Output, Tensor Hidden) Forward(Tensor input) => Forward(input, null, null);

    /// <summary>
    /// Runs the network (PyTorch: <c>forward(input, h_0)</c>, with a packed sequence when lengths are given): input is
    /// [T, B, input_size] ([B, T, input_size] when batch_first) or [T, input_size]; <paramref name="hx"/> is h_0
    /// [num_layers·num_directions, B, hidden_size] or null for zeros. Returns the last layer's output
    /// [T, B, D·hidden_size] (zero at padded steps) and h_n [num_layers·num_directions, B, hidden_size].
    /// </summary>
    public (Tensor Output, Tensor Hidden) Forward(Tensor input, Tensor? hx = null, SequenceLengths? lengths = null) =>
        Functional.Gru(input, hx, FlatWeights, NumLayers, Bidirectional, BatchFirst, Dropout, IsTraining, lengths, Generator);
}

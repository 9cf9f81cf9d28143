using System.Globalization;

namespace Taxon.NN;

/// <summary>
/// What <see cref="Rnn"/>, <see cref="Lstm"/> and <see cref="Gru"/> share (PyTorch: <c>torch.nn.RNNBase</c>): PyTorch's
/// parameter names and layouts (<c>weight_ih_l{k}</c> [gates·hidden, input], <c>weight_hh_l{k}</c> [gates·hidden, hidden],
/// <c>bias_ih_l{k}</c>, <c>bias_hh_l{k}</c>, with <c>_reverse</c> for the backward direction), every parameter initialised
/// U(−1/√hidden, 1/√hidden), stacked layers with dropout between them in training, both directions, batch_first, an
/// optional initial state and right-padded batches of variable length (<see cref="SequenceLengths"/>).
/// </summary>
/// <remarks>
/// With lengths, each sequence's padded steps neither read nor change its state: h_n holds the state after the
/// sequence's own last step, the reverse direction starts at that step, and the output is zero at padded positions
/// (PyTorch: <c>pack_padded_sequence</c>, the module, then <c>pad_packed_sequence(total_length=T)</c>). The output keeps
/// the input's T steps. A sequence of length 0 gives zero outputs and h_n = h_0.
/// </remarks>
/// <typeparam name="TState">The hidden state: a tensor, or for the LSTM the pair (h, c).</typeparam>
public abstract class RnnBase<TState> : Module<Tensor, (Tensor Output, TState Hidden)>
{
    private readonly Tensor[] _flat;

    private protected RnnBase(RnnCellKind kind, string name, int inputSize, int hiddenSize, int numLayers, bool bias, bool batchFirst,
        float dropout, bool bidirectional, Generator? generator)
    {
        if (inputSize < 0 || hiddenSize <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hiddenSize),
                $"{name}: input_size must be non-negative and hidden_size positive, got input_size {inputSize} and hidden_size {hiddenSize}.");
        }
        if (numLayers <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(numLayers), numLayers, $"{name}: num_layers must be positive.");
        }
        if (!(dropout is >= 0f and <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{name}: dropout must be a probability between 0 and 1.");
        }
        Generator = generator;
        InputSize = inputSize;
        HiddenSize = hiddenSize;
        NumLayers = numLayers;
        Bias = bias;
        BatchFirst = batchFirst;
        Dropout = dropout;
        Bidirectional = bidirectional;
        int gates = RnnSequence.Gates(kind) * hiddenSize, dirs = NumDirections;
        var flat = new List<Tensor>();
        for (int l = 0; l < numLayers; l++)
        {
            int layerInput = l == 0 ? inputSize : hiddenSize * dirs;
            for (int d = 0; d < dirs; d++)
            {
                string suffix = string.Create(CultureInfo.InvariantCulture, $"_l{l}{(d == 1 ? "_reverse" : "")}");
                flat.Add(RegisterParameter("weight_ih" + suffix, Tensor.Zeros(gates, layerInput)));
                flat.Add(RegisterParameter("weight_hh" + suffix, Tensor.Zeros(gates, hiddenSize)));
                if (bias)
                {
                    flat.Add(RegisterParameter("bias_ih" + suffix, Tensor.Zeros(gates)));
                    flat.Add(RegisterParameter("bias_hh" + suffix, Tensor.Zeros(gates)));
                }
            }
        }
        _flat = [.. flat];
        ResetParameters();
    }

    /// <summary>Features of each input step (PyTorch: <c>input_size</c>).</summary>
    public int InputSize { get; }

    /// <summary>Features of the hidden state (PyTorch: <c>hidden_size</c>).</summary>
    public int HiddenSize { get; }

    /// <summary>Stacked layers (PyTorch: <c>num_layers</c>).</summary>
    public int NumLayers { get; }

    /// <summary>Whether the layers have the biases b_ih and b_hh (PyTorch: <c>bias</c>).</summary>
    public bool Bias { get; }

    /// <summary>Whether input and output are [batch, time, features] rather than [time, batch, features] (PyTorch: <c>batch_first</c>).</summary>
    public bool BatchFirst { get; }

    /// <summary>Dropout probability on the outputs of every layer but the last, in training (PyTorch: <c>dropout</c>).</summary>
    public float Dropout { get; }

    /// <summary>Whether each layer also runs backwards in time, its output concatenated to the forward one (PyTorch: <c>bidirectional</c>).</summary>
    public bool Bidirectional { get; }

    /// <summary>2 when bidirectional, else 1.</summary>
    public int NumDirections => Bidirectional ? 2 : 1;

    /// <summary>
    /// The parameters per layer and direction (layer-major, forward before reverse), each as [weight_ih, weight_hh,
    /// bias_ih, bias_hh] or the two weights without bias (PyTorch: <c>all_weights</c>).
    /// </summary>
    public IReadOnlyList<IReadOnlyList<Tensor>> AllWeights => _flat.Chunk(Bias ? 4 : 2).ToArray();

    /// <summary>The parameters as the flat list the functional forms take, in registration order (PyTorch: <c>_flat_weights</c>).</summary>
    public IReadOnlyList<Tensor> FlatWeights => _flat;

    /// <summary>The generator of the initialisation and of the dropout masks; null for <see cref="Generator.Default"/>.</summary>
    private protected Generator? Generator { get; }

    /// <summary>Draws every parameter again from U(−1/√hidden, 1/√hidden) (PyTorch: <c>reset_parameters</c>).</summary>
    public void ResetParameters()
    {
        float bound = 1f / MathF.Sqrt(HiddenSize);
        foreach (Tensor p in Parameters())
        {
            Init.Uniform_(p, -bound, bound, Generator);
        }
    }

    /// <inheritdoc />
    protected override string ExtraRepr()
    {
        var sb = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{InputSize}, {HiddenSize}"));
        if (NumLayers != 1)
        {
            sb.Append(CultureInfo.InvariantCulture, $", num_layers={NumLayers}");
        }
        if (!Bias)
        {
            sb.Append(", bias=False");
        }
        if (BatchFirst)
        {
            sb.Append(", batch_first=True");
        }
        if (Dropout != 0f)
        {
            sb.Append(CultureInfo.InvariantCulture, $", dropout={Dropout}");
        }
        if (Bidirectional)
        {
            sb.Append(", bidirectional=True");
        }
        return sb.ToString();
    }
}

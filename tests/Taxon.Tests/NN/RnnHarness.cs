using Taxon.NN;

namespace Taxon.Tests.NN;

/// <summary>Builds and runs Rnn, Lstm and Gru through one signature, so tests can cover all three with one body.</summary>
internal static class RnnHarness
{
    public static readonly string[] Kinds = ["rnn_tanh", "rnn_relu", "lstm", "gru"];

    public static Module Create(string kind, int inputSize, int hiddenSize, int numLayers = 1, bool bidirectional = false, bool batchFirst = false,
        bool bias = true, float dropout = 0f, Generator? generator = null) => kind switch
    {
        "rnn_tanh" => new Rnn(inputSize, hiddenSize, numLayers, Nonlinearity.Tanh, bias, batchFirst, dropout, bidirectional, generator),
        "rnn_relu" => new Rnn(inputSize, hiddenSize, numLayers, Nonlinearity.Relu, bias, batchFirst, dropout, bidirectional, generator),
        "lstm" => new Lstm(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator),
        "gru" => new Gru(inputSize, hiddenSize, numLayers, bias, batchFirst, dropout, bidirectional, generator),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>Runs the module; for an LSTM, h0 and c0 must be both given or both null.</summary>
    public static (Tensor Output, Tensor HN, Tensor? CN) Run(Module module, Tensor x, Tensor? h0 = null, Tensor? c0 = null, SequenceLengths? lengths = null)
    {
        switch (module)
        {
            case Lstm lstm:
                var (o, (h, c)) = lstm.Forward(x, h0 is null ? null : (h0, c0!), lengths);
                return (o, h, c);
            case Gru gru:
                var (go, gh) = gru.Forward(x, h0, lengths);
                return (go, gh, null);
            case Rnn rnn:
                var (ro, rh) = rnn.Forward(x, h0, lengths);
                return (ro, rh, null);
            default:
                throw new ArgumentException(module.GetType().Name);
        }
    }

    /// <summary>The outputs of <see cref="Run"/> as an array (c_n only when present).</summary>
    public static Tensor[] RunAll(Module module, Tensor x, Tensor? h0 = null, Tensor? c0 = null, SequenceLengths? lengths = null)
    {
        var (o, h, c) = Run(module, x, h0, c0, lengths);
        return c is null ? [o, h] : [o, h, c];
    }
}

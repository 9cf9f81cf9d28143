namespace Taxon;

/// <summary>
/// The flat float32 buffer behind one or more tensors. Views share it, and with it the version counter
/// that in-place operations bump so that autograd can detect a saved tensor modified after it was saved
/// (PyTorch's <c>_version</c>).
/// </summary>
internal sealed class Storage
{
    public Storage(float[] data) => Data = data;

    public float[] Data { get; }

    public int Version { get; private set; }

    public void BumpVersion() => Version++;

    /// <summary>A new buffer of <paramref name="length"/> floats whose contents are undefined.</summary>
    public static Storage Uninitialized(int length) =>
        new(length == 0 ? [] : GC.AllocateUninitializedArray<float>(length));
}

namespace Taxon.Classification.Text;

/// <summary>A non-text part of an e-mail: its file name (empty when it has none) and its MIME type, in lower case.</summary>
/// <param name="FileName">The name from <c>Content-Disposition</c> or <c>Content-Type</c>'s <c>name</c>, or empty.</param>
/// <param name="ContentType">The MIME type, e.g. <c>application/pdf</c>.</param>
public sealed record EmailAttachment(string FileName, string ContentType);

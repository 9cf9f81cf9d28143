namespace Taxon.Classification.Text;

/// <summary>
/// What <see cref="EmailMessage.ToText(EmailTextOptions?)"/> puts in the text of a message. The marked fields
/// (<c>subject:</c>, <c>from_address:</c>, <c>from_domain:</c>, <c>content_type:</c>, <c>attachment:</c>,
/// <c>attachment_type:</c>) and the body are always there.
/// </summary>
public sealed record EmailTextOptions
{
    /// <summary>
    /// Whether every other header follows as a <c>name: value</c> line (name in lower case, value decoded and
    /// unfolded; default true): Received, X-Mailer, Organization and the like carry much of the signal, and the
    /// usual baselines (a vectoriser on the raw message) see them too.
    /// </summary>
    public bool IncludeHeaders { get; init; } = true;

    /// <summary>
    /// Whether the HTML parts' link targets (<c>link: http://...</c>) and the distinct tag names
    /// (<c>html_tags: table font a</c>) are listed (default true): stripping the mark-up would otherwise lose them.
    /// </summary>
    public bool IncludeMarkup { get; init; } = true;

    /// <summary>
    /// Whether the text of HTML parts is left out when the message has plain text (default true): a
    /// <c>multipart/alternative</c> message says the same thing twice.
    /// </summary>
    public bool PreferPlainText { get; init; } = true;

    /// <summary>Throws an <see cref="ArgumentException"/> naming a setting out of range (none can be, today).</summary>
    public void Validate()
    {
    }
}

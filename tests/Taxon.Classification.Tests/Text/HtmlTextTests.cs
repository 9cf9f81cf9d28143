using System.Text;
using Taxon.Classification.Text;

namespace Taxon.Classification.Tests.Text;

public sealed class HtmlTextTests
{
    [Fact]
    public void Tags_go_and_block_elements_break_lines()
    {
        Assert.Equal("Title\nFirst paragraph.\nSecond, bold.\nlast", HtmlText.ToPlainText("<h1>Title</h1><p>First  paragraph.</p><div>Second, <b>bold</b>.</div><br>last"));
    }

    [Fact]
    public void Script_style_and_comments_are_dropped_even_when_they_hold_markup()
    {
        const string html = "<style>p { color: red }</style><script>if (a < b) document.write('<p>x</p>');</script>"
            + "<!-- <p>hidden</p> -->shown<SCRIPT>var s = '</b>';</SCRIPT> too";
        Assert.Equal("shown too", HtmlText.ToPlainText(html));
    }

    [Fact]
    public void Character_references_are_decoded()
    {
        Assert.Equal("caf\u00e9 \u00e9t\u00e9 & <tag> \u20ac1 \u2014 x", HtmlText.ToPlainText("caf&eacute; &#233;t&#xE9; &amp; &lt;tag&gt; &euro;1 &#8212;&nbsp;x"));
    }

    [Fact]
    public void Links_image_alt_text_and_tag_names_are_collected()
    {
        var text = new StringBuilder();
        var links = new List<string>();
        var tags = new List<string>();
        HtmlText.Append("<A HREF=http://a.example/x?y=1&amp;z=2>one</A> <a href='mailto:b@example.com'>two</a><IMG SRC=p.gif ALT=\"Prize\"><font color=red>!</font>", text, links, tags);
        Assert.Equal("one two Prize !", text.ToString());
        Assert.Equal(["http://a.example/x?y=1&z=2", "mailto:b@example.com"], links);
        Assert.Equal(["a", "img", "font"], tags);
    }

    [Fact]
    public void Broken_markup_never_throws_and_keeps_the_text_it_can()
    {
        Assert.Equal("a < b and 3<4", HtmlText.ToPlainText("a < b and 3<4"));
        Assert.Equal("before", HtmlText.ToPlainText("before<!-- never closed <p>gone"));
        Assert.Equal("before", HtmlText.ToPlainText("before<p class=\"unterminated"));
        Assert.Equal("xy", HtmlText.ToPlainText("x<b<i>y"));
        Assert.Equal("", HtmlText.ToPlainText("<script>never closed"));
        Assert.Equal("", HtmlText.ToPlainText(""));
    }
}

//! A template's XML, read as XML and written again: never cut or pasted as
//! text. Every part mvplan copies from a template goes through [`copy`],
//! which parses it event by event and re-serialises it with quick-xml's
//! writer, escaping every text and attribute value it writes. On the way:
//!
//! - a DTD (`<!DOCTYPE …>`, the carrier of external entities and entity
//!   expansion) makes the part an error, and so does a reference to an
//!   entity XML does not predefine; Office never writes either;
//! - comments and processing instructions are left out;
//! - elements that point at a relationship mvplan did not carry over
//!   (an ActiveX control, an OLE object, a hyperlink, customer data) are
//!   left out with everything inside them, as are the containers of
//!   embedded objects and controls themselves;
//! - characters XML 1.0 cannot hold are dropped.

use quick_xml::XmlVersion;
use quick_xml::events::{BytesCData, BytesEnd, BytesRef, BytesStart, BytesText, Event};

/// The relationships namespace (transitional and strict).
pub const REL_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
];

/// The most elements a part may have.
const MAX_ELEMENTS: usize = 2_000_000;

/// Elements never copied: embedded objects, controls, customer data,
/// and the compatibility wrappers that carry them.
const DROPPED: &[&str] = &[
    "controls",
    "control",
    "oleObj",
    "graphicFrame",
    "custDataLst",
    "AlternateContent",
];

/// One element of an XML part: qualified name and attributes (unescaped),
/// with its depth.
#[derive(Debug, Clone)]
pub struct El {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub depth: usize,
}

impl El {
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The name without its prefix.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    /// The value of the first attribute in the relationships namespace
    /// with this local name (`r:id`, `r:embed`), whatever its prefix.
    pub fn rel_attr(&self, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| {
                k.split_once(':')
                    .is_some_and(|(p, l)| p != "xmlns" && l == local)
            })
            .map(|(_, v)| v.as_str())
    }
}

/// What [`walk`] writes.
enum Output<'k> {
    /// Nothing: only the elements are wanted.
    Nothing,
    /// The whole document, keeping references to these relationship ids.
    Document(&'k dyn Fn(&str) -> bool),
    /// The first element with this local name, with the namespaces it
    /// uses declared on it, and no relationship references.
    Subtree(&'k str),
}

/// A part's elements (for reading facts from it).
pub fn elements(xml: &[u8]) -> Result<Vec<El>, String> {
    walk(xml, Output::Nothing).map(|(_, el)| el)
}

/// A part copied: re-serialised, keeping references only to the
/// relationship ids `keep` accepts. Returns the new bytes and the elements
/// of the original.
pub fn copy(xml: &[u8], keep: &dyn Fn(&str) -> bool) -> Result<(Vec<u8>, Vec<El>), String> {
    walk(xml, Output::Document(keep))
}

/// The first element named `local` (e.g. `defaultTextStyle`), re-serialised
/// to stand on its own; empty if the part has none.
pub fn subtree(xml: &[u8], local: &str) -> Result<String, String> {
    let (bytes, _) = walk(xml, Output::Subtree(local))?;
    String::from_utf8(bytes).map_err(|_| "a part is not UTF-8 XML".to_string())
}

fn clean(s: &str) -> String {
    s.chars().filter(|c| super::xml::allowed(*c)).collect()
}

/// An element as read: its name, its attributes (values cleaned) and depth.
fn element(e: &BytesStart<'_>, depth: usize) -> Result<El, String> {
    let name = e.name().as_ref().to_string();
    let mut attrs = Vec::new();
    for a in e.attributes() {
        let a = a.map_err(|e| format!("a part is not well-formed XML ({e})"))?;
        let key = a.key.as_ref().to_string();
        let value = a.normalized_value(XmlVersion::default()).map_err(|e| {
            format!("a part refers to an entity XML does not define ({e}); Office files never do")
        })?;
        attrs.push((key, clean(&value)));
    }
    Ok(El { name, attrs, depth })
}

/// Whether an element refers to a relationship the copy does not keep
/// (so it is left out, with what it holds). `scope`: the namespace
/// declarations in scope, (prefix, uri, depth).
fn dangling(el: &El, scope: &[(String, String, usize)], keep_rel: &dyn Fn(&str) -> bool) -> bool {
    let uri_of = |prefix: &str| {
        scope
            .iter()
            .rev()
            .find(|(p, _, _)| p == prefix)
            .map(|(_, u, _)| u.as_str())
    };
    el.attrs.iter().any(|(k, v)| {
        k.split_once(':')
            .is_some_and(|(p, _)| p != "xmlns" && uri_of(p).is_some_and(|u| REL_NS.contains(&u)))
            && !v.is_empty()
            && !keep_rel(v)
    })
}

/// The start tag written for an element; the root of a captured subtree
/// also declares the namespaces it inherited, so it stands on its own.
fn start_tag<'e>(el: &'e El, scope: &[(String, String, usize)], root: bool) -> BytesStart<'e> {
    let mut start = BytesStart::new(el.name.as_str());
    if root {
        let mut declared: Vec<&str> = Vec::new();
        for (p, u, _) in scope.iter().rev() {
            if declared.contains(&p.as_str()) {
                continue;
            }
            declared.push(p);
            let own = el.attrs.iter().any(|(k, _)| {
                k == &if p.is_empty() {
                    "xmlns".to_string()
                } else {
                    format!("xmlns:{p}")
                }
            });
            if !own && !p.is_empty() {
                start.push_attribute((format!("xmlns:{p}").as_str(), u.as_str()));
            }
        }
    }
    for (k, v) in &el.attrs {
        start.push_attribute((k.as_str(), v.as_str()));
    }
    start
}

/// The character a reference (`&#38;`, `&amp;`) stands for; an entity XML
/// does not define is refused.
fn reference(r: &BytesRef<'_>) -> Result<Option<char>, String> {
    let bad = |e: &dyn std::fmt::Display| format!("a part is not well-formed XML ({e})");
    Ok(match r.resolve_char_ref().map_err(|e| bad(&e))? {
        Some(c) => Some(c),
        None => match r.xml10_content().as_ref() {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            other => {
                return Err(format!(
                    "a part refers to the entity `&{other};`, which XML does not define; Office files never do"
                ));
            }
        },
    })
}

fn walk(xml: &[u8], output: Output<'_>) -> Result<(Vec<u8>, Vec<El>), String> {
    let xml = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
    let text = std::str::from_utf8(xml).map_err(|_| "a part is not UTF-8 XML".to_string())?;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut writer = quick_xml::Writer::new(Vec::new());
    if matches!(output, Output::Document(_)) {
        writer
            .get_mut()
            .extend_from_slice(super::master::HEAD.as_bytes());
    }
    let mut elements = Vec::new();
    // Namespace declarations in scope: (prefix, uri), with the depth of
    // the element that declared them.
    let mut scope: Vec<(String, String, usize)> = Vec::new();
    let mut depth = 0usize;
    // The depth at which an element being left out began.
    let mut skipping: Option<usize> = None;
    // Subtree mode: the depth of the element being captured, and whether
    // it is done.
    let mut capture: Option<usize> = None;
    let mut captured = false;
    let bad = |e: &dyn std::fmt::Display| format!("a part is not well-formed XML ({e})");
    loop {
        let event = reader.read_event().map_err(|e| bad(&e))?;
        let writing = skipping.is_none()
            && match output {
                Output::Nothing => false,
                Output::Document(_) => true,
                Output::Subtree(_) => capture.is_some(),
            };
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let opens = matches!(event, Event::Start(_));
                let el = element(e, depth)?;
                for (k, v) in &el.attrs {
                    if k == "xmlns" {
                        scope.push((String::new(), v.clone(), depth));
                    } else if let Some(p) = k.strip_prefix("xmlns:") {
                        scope.push((p.to_string(), v.clone(), depth));
                    }
                }
                let mut now_writing = writing;
                if let Output::Subtree(want) = output
                    && capture.is_none()
                    && !captured
                    && el.local() == want
                {
                    capture = Some(depth);
                    now_writing = skipping.is_none();
                }
                if now_writing {
                    let keep_rel: &dyn Fn(&str) -> bool = match output {
                        Output::Document(k) => k,
                        _ => &|_| false,
                    };
                    if dangling(&el, &scope, keep_rel) || DROPPED.contains(&el.local()) {
                        if opens {
                            skipping = Some(depth);
                        }
                    } else {
                        let start = start_tag(&el, &scope, capture == Some(depth));
                        let ev = if opens {
                            Event::Start(start)
                        } else {
                            Event::Empty(start)
                        };
                        writer.write_event(ev).map_err(|e| bad(&e))?;
                    }
                }
                if capture == Some(depth) && !opens {
                    capture = None;
                    captured = true;
                }
                elements.push(el);
                if elements.len() > MAX_ELEMENTS {
                    return Err("a part has too many elements".into());
                }
                if opens {
                    depth += 1;
                } else {
                    scope.retain(|(_, _, d)| *d < depth);
                }
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                scope.retain(|(_, _, d)| *d < depth);
                if skipping == Some(depth) {
                    skipping = None;
                } else if writing {
                    let name = e.name().as_ref().to_string();
                    writer
                        .write_event(Event::End(BytesEnd::new(name)))
                        .map_err(|e| bad(&e))?;
                }
                if capture == Some(depth) {
                    capture = None;
                    captured = true;
                }
            }
            Event::Text(ref t) if writing => {
                let s = clean(&t.xml10_content());
                writer
                    .write_event(Event::Text(BytesText::new(&s)))
                    .map_err(|e| bad(&e))?;
            }
            Event::GeneralRef(ref r) => {
                let c = reference(r)?;
                if writing && let Some(c) = c.filter(|c| super::xml::allowed(*c)) {
                    writer
                        .write_event(Event::Text(BytesText::new(&c.to_string())))
                        .map_err(|e| bad(&e))?;
                }
            }
            Event::CData(ref c) if writing => {
                let s = clean(c.as_ref());
                writer
                    .write_event(Event::CData(BytesCData::new(s.replace("]]>", "]] >"))))
                    .map_err(|e| bad(&e))?;
            }
            Event::DocType(_) => {
                return Err(
                    "a part declares a DTD (`<!DOCTYPE …>`), which can define entities that expand or fetch files; Office files never have one"
                        .into(),
                );
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("a part is not well-formed XML (an element is not closed)".into());
    }
    Ok((writer.into_inner(), elements))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dtd_is_refused() {
        let xml = b"<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assert!(elements(xml).unwrap_err().contains("DTD"));
        assert!(elements(b"<x>&e;</x>").unwrap_err().contains("entity"));
    }

    #[test]
    fn text_and_attributes_are_escaped_again() {
        let (out, _) = copy(
            b"<a:x xmlns:a=\"u\" v=\"Brand &amp; Co &quot;\">1 &lt; 2 &#38; 3<!-- c --></a:x>",
            &|_| true,
        )
        .unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.ends_with("<a:x xmlns:a=\"u\" v=\"Brand &amp; Co &quot;\">1 &lt; 2 &amp; 3</a:x>"),
            "{out}"
        );
    }

    #[test]
    fn references_to_relationships_not_kept_are_left_out() {
        let xml = br#"<p:m xmlns:p="p" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><p:keep r:id="rId1"/><p:gone r:id="rId2"><p:in/></p:gone><p:controls/></p:m>"#;
        let (out, _) = copy(xml, &|id| id == "rId1").unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(out.contains("<p:keep r:id=\"rId1\"/>"), "{out}");
        assert!(!out.contains("gone") && !out.contains("p:in") && !out.contains("controls"));
    }

    #[test]
    fn a_subtree_declares_the_namespaces_it_inherits() {
        let xml = br#"<p:presentation xmlns:p="p" xmlns:a="a" xmlns:x14="x"><!-- <p:defaultTextStyle> --><p:defaultTextStyle><a:lvl1pPr><x14:e/></a:lvl1pPr></p:defaultTextStyle><p:extLst/></p:presentation>"#;
        let s = subtree(xml, "defaultTextStyle").unwrap();
        assert!(s.starts_with("<p:defaultTextStyle xmlns:"), "{s}");
        assert!(
            s.contains("xmlns:x14=\"x\"") && s.ends_with("</p:defaultTextStyle>"),
            "{s}"
        );
        assert!(!s.contains("extLst"));
    }
}

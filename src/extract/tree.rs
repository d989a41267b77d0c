//! The shape of a page's element tree, measured by the HTML parser the
//! extractors use, before they build their documents, so that a page
//! nested deeper or holding more elements than any real one is refused up
//! front ([`super::PageLimits`]).
//!
//! Counting tags is not enough: the parser ignores end tags it cannot
//! match (`<span></x>` nests), reopens formatting elements closed out of
//! order, adds elements a table implies, and treats tags inside comments,
//! scripts or attribute values as text. So the page is parsed into a tree
//! that keeps only each element's parent, and the parse stops as soon as
//! an element lies deeper than the limit or one element too many is made.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute, ParseOpts, QualName, parse_document};

/// How much of the page is parsed between two looks at the depth.
const CHUNK_BYTES: usize = 16 * 1024;

/// What makes a page's tree too large.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excess {
    /// An element lies deeper than the limit.
    Depth,
    /// The page makes more elements than the limit.
    Elements,
    /// The page's elements and text, weighed by their depth, pass
    /// [`MAX_WORK`].
    Work,
}

/// The most work on a tree, in bytes of text times their depth, a page may
/// take: twice the most of any real page of the extraction sets (8
/// million, a long Wikipedia article), as extractors that read an
/// element's text once for each element it lies in cost seconds past it
/// (rs-trafilatura, once the primary, took 1.9 s on 60 million). The
/// `trafilatura` crate grows about linearly with depth (530 KB of text
/// nested 128 deep, past this bound, took it 130 ms), so the bound only
/// refuses pages unlike any real one.
pub const MAX_WORK: usize = 16_000_000;

/// The work up to which dom_smoothie may be asked as the fallback: it
/// reads text once for each enclosing element, at about 130 ns a unit
/// (100 KB 128 levels deep took it 1.7 s, 256 levels deep 7.4 s). The most
/// of any real page, so every one of them can still have it.
pub const FALLBACK_MAX_WORK: usize = 8_000_000;

/// What one element weighs in [`MAX_WORK`] for each level of its depth, as
/// many bytes of text: empty `<div>`s nested 500 deep cost the extractors
/// about that much more than the text they hold.
const ELEMENT_WEIGHT: usize = 16;

/// The work on `html`'s tree (see [`MAX_WORK`]) when it lies within
/// `max_depth` levels, `max_elements` elements and [`MAX_WORK`], and if
/// not, which limit it passes first.
pub fn measure(html: &str, max_depth: usize, max_elements: usize) -> Result<usize, Excess> {
    let options = ParseOpts {
        // As the extractors parse: `<noscript>` holds elements.
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
        ..ParseOpts::default()
    };
    let mut parser = parse_document(Parents::new(max_depth, max_elements), options);
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK_BYTES);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        if let Some(excess) = parser.tokenizer.sink.sink.excess.get() {
            return Err(excess);
        }
        rest = &rest[end..];
    }
    parser.finish()
}

/// A document tree of which each node knows only its parent, children
/// and name. Node 0 is the document.
struct Parents {
    max_depth: usize,
    max_elements: usize,
    parents: RefCell<Vec<Option<usize>>>,
    /// Each node's children, and nodes once its children and since moved:
    /// only those whose parent it still is are its children.
    children: RefCell<Vec<Vec<usize>>>,
    names: RefCell<Vec<QualName>>,
    excess: Cell<Option<Excess>>,
    /// The elements and text so far, each weighed by its depth.
    work: Cell<usize>,
}

impl Parents {
    fn new(max_depth: usize, max_elements: usize) -> Self {
        Parents {
            max_depth,
            max_elements,
            parents: RefCell::new(vec![None]),
            children: RefCell::new(vec![Vec::new()]),
            names: RefCell::new(vec![unnamed()]),
            excess: Cell::new(None),
            work: Cell::new(0),
        }
    }

    fn add(&self, name: QualName) -> usize {
        self.names.borrow_mut().push(name);
        self.children.borrow_mut().push(Vec::new());
        let mut parents = self.parents.borrow_mut();
        parents.push(None);
        parents.len() - 1
    }

    fn exceed(&self, excess: Excess) {
        if self.excess.get().is_none() {
            self.excess.set(Some(excess));
        }
    }

    /// Puts `child` under `parent`, noting whether that puts it deeper
    /// than the limit. The walk up stops there, so it costs at most the
    /// limit.
    fn attach(&self, parent: usize, child: &NodeOrText<usize>) {
        let (node, weight) = match child {
            NodeOrText::AppendNode(child) => (*child, ELEMENT_WEIGHT),
            NodeOrText::AppendText(text) => {
                let name = self.names.borrow()[parent].local.clone();
                if matches!(&*name, "script" | "style" | "noscript" | "template") {
                    return;
                }
                (parent, text.len())
            }
        };
        if node != parent {
            self.children.borrow_mut()[parent].push(node);
            self.parents.borrow_mut()[node] = Some(parent);
        }
        let parents = self.parents.borrow();
        let depth = std::iter::successors(Some(node), |&node| parents[node])
            .take(self.max_depth + 2)
            .count()
            - 1;
        // The document itself is not an element.
        if depth > self.max_depth {
            self.exceed(Excess::Depth);
        }
        self.work.set(self.work.get() + weight * depth);
        if self.work.get() > MAX_WORK {
            self.exceed(Excess::Work);
        }
    }
}

/// The name of a node that is no element.
fn unnamed() -> QualName {
    QualName::new(None, html5ever::ns!(), html5ever::local_name!(""))
}

impl TreeSink for Parents {
    type Handle = usize;
    type Output = Result<usize, Excess>;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Result<usize, Excess> {
        match self.excess.get() {
            Some(excess) => Err(excess),
            None => Ok(self.work.get()),
        }
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.names.borrow(), |names| &names[*target])
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, _: ElementFlags) -> usize {
        let node = self.add(name);
        // Nodes are elements but for the document, comments and
        // processing instructions, which are few; counting them too only
        // errs on the safe side.
        if node > self.max_elements {
            self.exceed(Excess::Elements);
        }
        node
    }

    fn create_comment(&self, _text: StrTendril) -> usize {
        self.add(unnamed())
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> usize {
        self.add(unnamed())
    }

    fn append(&self, parent: &usize, child: NodeOrText<usize>) {
        self.attach(*parent, &child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &usize,
        prev_element: &usize,
        child: NodeOrText<usize>,
    ) {
        let parent = self.parents.borrow()[*element];
        self.attach(parent.unwrap_or(*prev_element), &child);
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {}

    /// A template's contents count as its children.
    fn get_template_contents(&self, target: &usize) -> usize {
        *target
    }

    fn same_node(&self, x: &usize, y: &usize) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &usize, new_node: NodeOrText<usize>) {
        if let Some(parent) = self.parents.borrow()[*sibling] {
            self.attach(parent, &new_node);
        }
    }

    fn add_attrs_if_missing(&self, _target: &usize, _attrs: Vec<Attribute>) {}

    fn remove_from_parent(&self, target: &usize) {
        self.parents.borrow_mut()[*target] = None;
    }

    fn reparent_children(&self, node: &usize, new_parent: &usize) {
        let mut children = self.children.borrow_mut();
        let moved = std::mem::take(&mut children[*node]);
        let mut parents = self.parents.borrow_mut();
        for &child in &moved {
            if parents[child] == Some(*node) {
                parents[child] = Some(*new_parent);
                children[*new_parent].push(child);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_deeper_than(html: &str, limit: usize) -> bool {
        measure(html, limit, usize::MAX) == Err(Excess::Depth)
    }

    fn excess(html: &str, max_depth: usize, max_elements: usize) -> Option<Excess> {
        measure(html, max_depth, max_elements).err()
    }

    #[test]
    fn counts_nesting_not_siblings_or_self_closing_elements() {
        let page = "<!DOCTYPE html><html><body><div><p>a<p>b<br><img src=x/><ul><li>c<li>d</ul></div>\
            <script>if (a<b && c>d) {}</script></body></html>";
        assert!(!is_deeper_than(page, 5), "html, body, div, ul, li");
        assert!(is_deeper_than(page, 4));
        let deep = "<div>".repeat(600);
        assert!(is_deeper_than(&deep, 600));
        assert!(!is_deeper_than(&deep, 602));
    }

    #[test]
    fn end_tags_the_parser_ignores_do_not_hide_nesting() {
        for hiding in [
            "<span></x>",
            "<span><div></span>",
            "<span><img alt='</span>'>",
            "<span><!-- </span> -->",
            "<span><textarea></span></textarea>",
        ] {
            let page = hiding.repeat(300);
            assert!(is_deeper_than(&page, 256), "{hiding}");
        }
    }

    #[test]
    fn text_and_elements_weigh_by_their_depth() {
        let sentence = "The council voted for the sea wall. ".repeat(28);
        let shallow = format!("<p>{sentence}</p>").repeat(1000);
        assert_eq!(excess(&shallow, 512, usize::MAX), None);
        let nested: String = (0..100).map(|_| format!("<div>{sentence}")).collect();
        let deep = nested.repeat(50);
        assert_eq!(excess(&deep, 512, usize::MAX), Some(Excess::Work));
        let code = format!("<div><div><div><script>{}</script>", "x".repeat(10_000_000));
        assert_eq!(excess(&code, 512, usize::MAX), None, "scripts are not text");
    }

    #[test]
    fn elements_the_parser_makes_are_counted() {
        let breaks = "a<br>".repeat(100);
        assert_eq!(excess(&breaks, 512, 99), Some(Excess::Elements));
        assert_eq!(excess(&breaks, 512, 110), None, "100 and html, head, body");
        // Each cell brings a table, its body, a row and the cell.
        let tables = "<table><td>a</table>".repeat(30);
        assert_eq!(excess(&tables, 512, 110), Some(Excess::Elements));
    }
}

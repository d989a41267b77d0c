//! How deeply a page nests its elements, measured by the HTML parser the
//! extractors use, before they build their documents, so that a page
//! nested deeper than any real one is refused up front
//! ([`super::PageLimits::max_depth`]).
//!
//! Counting tags is not enough: the parser ignores end tags it cannot
//! match (`<span></x>` nests), reopens formatting elements closed out of
//! order, and treats tags inside comments, scripts or attribute values as
//! text. So the page is parsed into a tree that keeps only each element's
//! parent, and the parse stops as soon as an element lies deeper than the
//! limit.

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute, ParseOpts, QualName, parse_document};

/// How much of the page is parsed between two looks at the depth.
const CHUNK_BYTES: usize = 16 * 1024;

/// Whether an element of `html` lies more than `limit` elements deep.
pub fn is_deeper_than(html: &str, limit: usize) -> bool {
    let options = ParseOpts {
        // As the extractors parse: `<noscript>` holds elements.
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..TreeBuilderOpts::default()
        },
        ..ParseOpts::default()
    };
    let mut parser = parse_document(Parents::new(limit), options);
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(CHUNK_BYTES);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        parser.process(StrTendril::from_slice(&rest[..end]));
        if parser.tokenizer.sink.sink.too_deep.get() {
            return true;
        }
        rest = &rest[end..];
    }
    parser.finish()
}

/// A document tree of which each node knows only its parent, children
/// and name. Node 0 is the document.
struct Parents {
    limit: usize,
    parents: RefCell<Vec<Option<usize>>>,
    /// Each node's children, and nodes once its children and since moved:
    /// only those whose parent it still is are its children.
    children: RefCell<Vec<Vec<usize>>>,
    names: RefCell<Vec<QualName>>,
    too_deep: Cell<bool>,
}

impl Parents {
    fn new(limit: usize) -> Self {
        Parents {
            limit,
            parents: RefCell::new(vec![None]),
            children: RefCell::new(vec![Vec::new()]),
            names: RefCell::new(vec![unnamed()]),
            too_deep: Cell::new(false),
        }
    }

    fn add(&self, name: QualName) -> usize {
        self.names.borrow_mut().push(name);
        self.children.borrow_mut().push(Vec::new());
        let mut parents = self.parents.borrow_mut();
        parents.push(None);
        parents.len() - 1
    }

    /// Puts `child` under `parent`, noting whether that puts it deeper
    /// than the limit. The walk up stops there, so it costs at most the
    /// limit.
    fn attach(&self, parent: usize, child: &NodeOrText<usize>) {
        let NodeOrText::AppendNode(child) = *child else {
            return;
        };
        self.children.borrow_mut()[parent].push(child);
        let mut parents = self.parents.borrow_mut();
        parents[child] = Some(parent);
        let depth = std::iter::successors(Some(child), |&node| parents[node])
            .take(self.limit + 2)
            .count();
        // The document itself is not an element.
        if depth > self.limit + 1 {
            self.too_deep.set(true);
        }
    }
}

/// The name of a node that is no element.
fn unnamed() -> QualName {
    QualName::new(None, html5ever::ns!(), html5ever::local_name!(""))
}

impl TreeSink for Parents {
    type Handle = usize;
    type Output = bool;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> bool {
        self.too_deep.get()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> usize {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a usize) -> Ref<'a, QualName> {
        Ref::map(self.names.borrow(), |names| &names[*target])
    }

    fn create_element(&self, name: QualName, _: Vec<Attribute>, _: ElementFlags) -> usize {
        self.add(name)
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
}

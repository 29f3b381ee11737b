//! Values as written: each with the byte range it came from, so that every
//! rule can point at it. Below the model and the readers that fill it.

use std::ops::Deref;

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::diagnostic::Span;

/// A value with the byte range it came from. Serializes as the bare value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Located { value, span }
    }
}

impl<T> Deref for Located<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Located<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

/// A reference to another item by id (`supports = ["pipeline"]`).
pub type Ref = Located<String>;

/// An amount with its span and the currency it was written in, if any.
/// Serializes as the bare amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    pub value: Decimal,
    pub currency: Option<String>,
    pub span: Span,
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Serialize::serialize(&self.value, s)
    }
}

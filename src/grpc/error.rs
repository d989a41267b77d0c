//! The one place where failures become gRPC statuses.
//!
//! Core errors say their own [`ErrorCode`]; here each maps to a gRPC code,
//! the request field at fault and, for failures a client acts on, a
//! `google.rpc.ErrorInfo` reason from the `ErrorReason` enum of
//! `precis/v1/errors.proto`. Several field problems of one request travel
//! together as `google.rpc.BadRequest` violations. Statuses built here are also folded into stream items, so a
//! client sees the same code and violations from `Summarize` and from
//! `SummarizeStream`.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, StatusExt};

use crate::error_code::ErrorCode;
use crate::extract::ExtractError;
use crate::proto::{self, ErrorReason};
use crate::store::{ArticleId, StoreError};
use crate::summarize::SummarizeError;

/// The domain of `google.rpc.ErrorInfo` reasons this service sends.
pub const ERROR_DOMAIN: &str = "precis.v1";

/// The longest description of one problem a status carries, in bytes.
/// Descriptions may quote what the client sent (a name, an etag, a
/// language code); past this they are cut, so an answer's headers stay far
/// below every client's metadata limit (8 KiB in grpc-core) whatever the
/// request held.
pub const MAX_DESCRIPTION_BYTES: usize = 256;

/// `text` cut to at most [`MAX_DESCRIPTION_BYTES`] on a character
/// boundary, with an ellipsis where it was cut.
pub fn capped(text: &str) -> String {
    const ELLIPSIS: &str = "…";
    if text.len() <= MAX_DESCRIPTION_BYTES {
        return text.to_string();
    }
    let mut end = MAX_DESCRIPTION_BYTES - ELLIPSIS.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ELLIPSIS}", &text[..end])
}

/// The reason string a client sees for `reason`: its name in
/// `precis/v1/errors.proto` without the enum's prefix, so the proto enum
/// is the one list of reasons (ERROR_REASON_ETAG_MISMATCH is sent as
/// "ETAG_MISMATCH").
pub fn reason_name(reason: ErrorReason) -> &'static str {
    let name = reason.as_str_name();
    name.strip_prefix("ERROR_REASON_").unwrap_or(name)
}

/// The gRPC code of each kind of core failure.
fn grpc_code(code: ErrorCode) -> Code {
    match code {
        ErrorCode::InvalidArgument => Code::InvalidArgument,
        ErrorCode::ResourceExhausted => Code::ResourceExhausted,
        ErrorCode::NotFound => Code::NotFound,
        ErrorCode::AlreadyExists => Code::AlreadyExists,
        ErrorCode::Aborted => Code::Aborted,
        ErrorCode::DataLoss => Code::DataLoss,
        ErrorCode::Internal => Code::Internal,
    }
}

/// The resource type of articles in google.rpc.ResourceInfo.
const ARTICLE_TYPE: &str = "precis.v1.Article";

/// What a status says besides its code and message. Every failure fills in
/// what applies and [`Fault::status`] builds the status, so each detail is
/// written the same way whichever error it comes from.
#[derive(Default)]
struct Fault {
    /// The request field at fault: a BadRequest violation described by the
    /// status's message.
    field: Option<String>,
    /// The article the failure concerns, as a ResourceInfo.
    article: Option<ArticleId>,
    /// The ErrorInfo reason and its metadata.
    reason: Option<(ErrorReason, HashMap<String, String>)>,
}

impl Fault {
    fn status(self, code: ErrorCode, message: &str) -> Status {
        let mut details = match self.field {
            Some(field) => ErrorDetails::with_bad_request_violation(field, message),
            None => ErrorDetails::new(),
        };
        if let Some(id) = self.article {
            details.set_resource_info(ARTICLE_TYPE, format!("articles/{id}"), "", message);
        }
        if let Some((reason, metadata)) = self.reason {
            details.set_error_info(reason_name(reason), ERROR_DOMAIN, metadata);
        }
        Status::with_error_details(grpc_code(code), message, details)
    }
}

/// The ErrorInfo of a value over a configured limit: the measured
/// `size_<unit>` and the `limit_<unit>`, so clients can tell which limit
/// was hit and by how much.
fn over_limit(
    reason: ErrorReason,
    unit: &str,
    (size, limit): (usize, usize),
) -> (ErrorReason, HashMap<String, String>) {
    let metadata = HashMap::from([
        (format!("size_{unit}"), size.to_string()),
        (format!("limit_{unit}"), limit.to_string()),
    ]);
    (reason, metadata)
}

/// The gRPC code for a core error, and the `SummarizeRequest` field it
/// concerns.
pub fn classify(error: &SummarizeError) -> (Code, &'static str) {
    let field = match error {
        SummarizeError::EmptyDocument
        | SummarizeError::NoSentences
        | SummarizeError::DocumentTooLarge { .. }
        | SummarizeError::TooManySentences { .. } => "text",
        SummarizeError::ZeroSentences => "sentences",
        SummarizeError::ZeroWords => "words",
        SummarizeError::RatioOutOfRange(_) => "ratio",
    };
    (grpc_code(error.error_code()), field)
}

impl From<SummarizeError> for Status {
    fn from(error: SummarizeError) -> Status {
        let (_, field) = classify(&error);
        summarize_status(&error, field)
    }
}

/// The status of a summarizer error on `field`: a violation of the field
/// and, for a document over a limit, an ErrorInfo with its size and the
/// limit.
fn summarize_status(error: &SummarizeError, field: &str) -> Status {
    let reason = match *error {
        SummarizeError::DocumentTooLarge { size, limit } => Some(over_limit(
            ErrorReason::DocumentTooLarge,
            "bytes",
            (size, limit),
        )),
        SummarizeError::TooManySentences { count, limit } => Some(over_limit(
            ErrorReason::TooManySentences,
            "sentences",
            (count, limit),
        )),
        _ => None,
    };
    let fault = Fault {
        field: Some(field.to_string()),
        reason,
        ..Fault::default()
    };
    fault.status(error.error_code(), &error.to_string())
}

/// RESOURCE_EXHAUSTED for a document over the per-document limit, naming
/// the field that holds it and, in ErrorInfo, its size and the limit.
pub fn document_too_large(field: &str, size: usize, limit: usize) -> Status {
    summarize_status(&SummarizeError::DocumentTooLarge { size, limit }, field)
}

impl From<StoreError> for Status {
    /// For requests that name the article directly (`name`, `etag`).
    fn from(error: StoreError) -> Status {
        store_status(error, "")
    }
}

/// The status of a store failure. `prefix` is the path of the article in
/// the request ("article." in Create and Update, "" where the request names
/// the article itself), so violations name the request's own fields.
pub fn store_status(error: StoreError, prefix: &str) -> Status {
    let code = error.error_code();
    let fault = match &error {
        StoreError::NotFound(id) => Fault {
            article: Some(id.clone()),
            ..Fault::default()
        },
        StoreError::AlreadyExists(id) => Fault {
            field: Some("article_id".to_string()),
            article: Some(id.clone()),
            ..Fault::default()
        },
        StoreError::RequestIdReused(_) => Fault {
            field: Some("request_id".to_string()),
            reason: Some((ErrorReason::RequestIdReused, HashMap::new())),
            ..Fault::default()
        },
        StoreError::EtagMismatch { current, .. } => Fault {
            field: Some(format!("{prefix}etag")),
            reason: Some((
                ErrorReason::EtagMismatch,
                HashMap::from([("current_etag".to_string(), current.clone())]),
            )),
            ..Fault::default()
        },
        StoreError::CreatedArticleDeleted { id, .. } => Fault {
            article: Some(id.clone()),
            reason: Some((ErrorReason::CreatedArticleDeleted, HashMap::new())),
            ..Fault::default()
        },
        StoreError::InvalidContent { field, reason } => {
            return invalid_argument(vec![FieldViolation::new(
                format!("{prefix}{field}"),
                reason.clone(),
            )]);
        }
        StoreError::Damaged(_) => {
            tracing::error!(%error, "stored data is damaged");
            return Status::new(
                grpc_code(code),
                "the stored data is damaged and was not served; the error was logged",
            );
        }
        StoreError::Backend(_) => {
            tracing::error!(%error, "article store failed");
            return Status::new(
                grpc_code(code),
                "the article store failed; the error was logged",
            );
        }
    };
    fault.status(code, &capped(&error.to_string()))
}

impl From<ExtractError> for Status {
    /// For requests whose page is their `html` field.
    fn from(error: ExtractError) -> Status {
        page_status(&error, "html")
    }
}

/// The end of a stream that sent more documents than one call may: the
/// ErrorInfo names the limit, so a client knows to split its batch.
pub fn too_many_stream_items(limit: usize) -> Status {
    let message = format!("the stream sent more than {limit} documents, the most one call takes");
    let fault = Fault {
        reason: Some((
            ErrorReason::TooManyStreamItems,
            HashMap::from([("limit_items".to_string(), limit.to_string())]),
        )),
        ..Fault::default()
    };
    fault.status(ErrorCode::ResourceExhausted, &message)
}

/// The status of a page `field` refused: RESOURCE_EXHAUSTED naming the
/// size limit for a page over it, INVALID_ARGUMENT on the field for a page
/// without an article or nested past the depth limit.
pub fn page_status(error: &ExtractError, field: &str) -> Status {
    match *error {
        ExtractError::PageTooLarge { size, limit } => {
            let fault = Fault {
                field: Some(field.to_string()),
                reason: Some(over_limit(
                    ErrorReason::PageTooLarge,
                    "bytes",
                    (size, limit),
                )),
                ..Fault::default()
            };
            fault.status(error.error_code(), &error.to_string())
        }
        _ => invalid_argument(vec![FieldViolation::new(field, error.to_string())]),
    }
}

/// An INVALID_ARGUMENT status listing every field problem of a request.
pub fn invalid_argument(violations: Vec<FieldViolation>) -> Status {
    let violations: Vec<FieldViolation> = violations
        .into_iter()
        .map(|violation| FieldViolation::new(violation.field, capped(&violation.description)))
        .collect();
    let message = match violations.as_slice() {
        [only] => format!("invalid {}: {}", only.field, only.description),
        many => format!("{} invalid fields: {}", many.len(), field_list(many)),
    };
    Status::with_error_details(
        Code::InvalidArgument,
        message,
        ErrorDetails::with_bad_request(violations),
    )
}

fn field_list(violations: &[FieldViolation]) -> String {
    violations
        .iter()
        .map(|v| v.field.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// tonic refuses an oversized message with OUT_OF_RANGE; the gRPC status
/// code table says RESOURCE_EXHAUSTED, which is what clients retry on.
fn is_oversized_message(code: Code, message: &str) -> bool {
    code == Code::OutOfRange && message.contains("message length too large")
}

/// How prost's decode errors open; tonic answers them INTERNAL.
const UNDECODABLE: &str = "failed to decode Protobuf message: ";

/// Whether `status` is one of tonic's own refusals of a request it could
/// not take in, which [`transport_status`] restates.
pub fn is_transport_refusal(status: &Status) -> bool {
    is_oversized_message(status.code(), status.message())
        || (status.code() == Code::Internal && status.message().starts_with(UNDECODABLE))
}

/// Restates tonic's refusals of a request with the codes the gRPC status
/// table gives them: an oversized message is RESOURCE_EXHAUSTED, a message
/// that is not valid protobuf (a string that is not UTF-8, a truncated
/// field) is the client's INVALID_ARGUMENT, not the server's INTERNAL.
/// Other statuses pass through.
pub fn transport_status(status: Status) -> Status {
    if is_oversized_message(status.code(), status.message()) {
        Status::resource_exhausted(format!(
            "the request is larger than the server accepts ({})",
            capped(status.message())
        ))
    } else if status.code() == Code::Internal
        && let Some(error) = status.message().strip_prefix(UNDECODABLE)
    {
        let (field, description) = undecodable_field(error);
        let description = format!("not valid protobuf: {}", capped(description));
        if field.is_empty() {
            Status::invalid_argument(format!("the request is {description}"))
        } else {
            invalid_argument(vec![FieldViolation::new(field, description)])
        }
    } else {
        status
    }
}

/// The field path and the problem in a prost decode error's text, which
/// lists the messages and fields it was in innermost first
/// (`Article.text: CreateArticleRequest.article: invalid string value`):
/// here `article.text`. A problem outside any field names the request.
fn undecodable_field(error: &str) -> (String, &str) {
    let mut fields = Vec::new();
    let mut rest = error;
    while let Some((entry, after)) = rest.split_once(": ")
        && let Some((_message, field)) = entry.split_once('.')
        && !entry.contains(' ')
    {
        fields.push(field);
        rest = after;
    }
    fields.reverse();
    (fields.join("."), rest)
}

/// The same status with its field violations' paths under `prefix`, for
/// a message reused inside another ("options." + "sentences").
pub fn nest_violations(status: Status, prefix: &str) -> Status {
    rename_violations(status, |field| format!("{prefix}{field}"))
}

/// The same status with each field violation's path renamed by `rename`.
pub fn rename_violations(status: Status, rename: impl Fn(&str) -> String) -> Status {
    let details = status.get_error_details();
    let Some(bad_request) = details.bad_request() else {
        return status;
    };
    let violations: Vec<_> = bad_request
        .field_violations
        .iter()
        .map(|violation| {
            FieldViolation::new(rename(&violation.field), violation.description.clone())
        })
        .collect();
    if status.code() == Code::InvalidArgument {
        return invalid_argument(violations);
    }
    let mut nested = ErrorDetails::with_bad_request(violations);
    if let Some(info) = details.error_info() {
        nested.set_error_info(&info.reason, &info.domain, info.metadata.clone());
    }
    Status::with_error_details(status.code(), status.message(), nested)
}

/// Folds a status into a stream item's error, with field paths made
/// relative to `SummarizeStreamRequest` by `prefix`.
pub fn item_error(status: &Status, prefix: &str) -> proto::ItemError {
    let field_violations = status
        .get_error_details()
        .bad_request()
        .map(|bad_request| {
            bad_request
                .field_violations
                .iter()
                .map(|violation| proto::FieldViolation {
                    field: format!("{prefix}{}", violation.field),
                    description: violation.description.clone(),
                })
                .collect()
        })
        .unwrap_or_default();
    proto::ItemError {
        code: status.code() as i32,
        message: status.message().to_string(),
        field_violations,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use prost::Message;

    use super::*;

    /// Every value of `ErrorReason` as the descriptor set served by
    /// reflection declares it, with the wire name of each.
    fn declared_reasons() -> Vec<(ErrorReason, &'static str)> {
        let files = prost_types::FileDescriptorSet::decode(proto::FILE_DESCRIPTOR_SET).unwrap();
        let file = files
            .file
            .iter()
            .find(|file| file.name() == "precis/v1/errors.proto")
            .expect("errors.proto is in the descriptor set");
        let reasons = file
            .enum_type
            .iter()
            .find(|declared| declared.name() == "ErrorReason")
            .expect("errors.proto declares ErrorReason");
        reasons
            .value
            .iter()
            .map(|value| {
                let reason = ErrorReason::from_str_name(value.name()).unwrap();
                assert_eq!(reason as i32, value.number());
                (reason, reason_name(reason))
            })
            .collect()
    }

    #[test]
    fn reason_strings_are_the_enum_names_without_the_prefix() {
        let declared = declared_reasons();
        for (reason, name) in &declared {
            assert_eq!(
                reason.as_str_name(),
                format!("ERROR_REASON_{name}"),
                "{reason:?}"
            );
        }
        let names: BTreeSet<&str> = declared.iter().map(|(_, name)| *name).collect();
        assert_eq!(names.len(), declared.len());
        assert_eq!(
            reason_name(ErrorReason::DocumentTooLarge),
            "DOCUMENT_TOO_LARGE"
        );
    }

    #[test]
    fn every_reason_sent_is_a_value_of_the_proto_enum() {
        let id = ArticleId::parse("a").unwrap();
        let statuses = [
            Status::from(SummarizeError::DocumentTooLarge { size: 2, limit: 1 }),
            Status::from(SummarizeError::TooManySentences { count: 2, limit: 1 }),
            Status::from(ExtractError::PageTooLarge { size: 2, limit: 1 }),
            too_many_stream_items(1),
            Status::from(StoreError::RequestIdReused("r".into())),
            Status::from(StoreError::EtagMismatch {
                id: id.clone(),
                given: "g".into(),
                current: "c".into(),
            }),
            Status::from(StoreError::CreatedArticleDeleted {
                request_id: "r".into(),
                id,
            }),
        ];
        let sent: BTreeSet<String> = statuses
            .iter()
            .map(|status| {
                let info = status.get_error_details().error_info().cloned().unwrap();
                assert_eq!(info.domain, ERROR_DOMAIN);
                info.reason
            })
            .collect();
        // Never sent, and sent as a PreconditionFailure type (by
        // `GetArticleSummary`) rather than in an ErrorInfo.
        let elsewhere = [ErrorReason::Unspecified, ErrorReason::UnsummarizableArticle];
        let declared: BTreeSet<String> = declared_reasons()
            .into_iter()
            .filter(|(reason, _)| !elsewhere.contains(reason))
            .map(|(_, name)| name.to_string())
            .collect();
        assert_eq!(sent, declared);
    }

    #[test]
    fn core_errors_name_their_field_and_code() {
        let status = Status::from(SummarizeError::ZeroSentences);
        assert_eq!(status.code(), Code::InvalidArgument);
        let details = status.get_error_details();
        let violations = &details.bad_request().unwrap().field_violations;
        assert_eq!(violations[0].field, "sentences");

        let status = Status::from(SummarizeError::DocumentTooLarge { size: 10, limit: 5 });
        assert_eq!(status.code(), Code::ResourceExhausted);
        let details = status.get_error_details();
        assert_eq!(details.error_info().unwrap().reason, "DOCUMENT_TOO_LARGE");
        assert_eq!(details.error_info().unwrap().metadata["limit_bytes"], "5");
    }

    #[test]
    fn item_errors_carry_prefixed_violations() {
        let status = invalid_argument(vec![
            FieldViolation::new("ratio", "too big"),
            FieldViolation::new("words", "zero"),
        ]);
        assert_eq!(status.message(), "2 invalid fields: ratio, words");
        let item = item_error(&status, "request.");
        assert_eq!(item.code, Code::InvalidArgument as i32);
        let fields: Vec<&str> = item
            .field_violations
            .iter()
            .map(|v| v.field.as_str())
            .collect();
        assert_eq!(fields, ["request.ratio", "request.words"]);
    }

    #[test]
    fn undecodable_messages_are_the_clients_error_on_their_field() {
        let tonic_error = Status::internal(
            "failed to decode Protobuf message: Article.text: CreateArticleRequest.article: \
             invalid string value: data is not UTF-8 encoded",
        );
        assert!(is_transport_refusal(&tonic_error));
        let status = transport_status(tonic_error);
        assert_eq!(status.code(), Code::InvalidArgument);
        let details = status.get_error_details();
        let violation = &details.bad_request().unwrap().field_violations[0];
        assert_eq!(violation.field, "article.text");
        assert_eq!(
            violation.description,
            "not valid protobuf: invalid string value: data is not UTF-8 encoded"
        );

        let truncated = Status::internal("failed to decode Protobuf message: buffer underflow");
        let status = transport_status(truncated);
        assert_eq!(status.code(), Code::InvalidArgument);
        assert_eq!(
            status.message(),
            "the request is not valid protobuf: buffer underflow"
        );
        assert!(!is_transport_refusal(&Status::internal("the store failed")));
    }

    #[test]
    fn descriptions_are_capped_on_a_character_boundary() {
        let name = "ж".repeat(10_000);
        let status = invalid_argument(vec![FieldViolation::new(
            "name",
            format!("{name:?} is bad"),
        )]);
        assert!(
            status.message().len() < MAX_DESCRIPTION_BYTES + 64,
            "{}",
            status.message().len()
        );
        let details = status.get_error_details();
        let description = &details.bad_request().unwrap().field_violations[0].description;
        assert!(description.len() <= MAX_DESCRIPTION_BYTES);
        assert!(description.ends_with('…'));
        assert_eq!(capped("short"), "short");
    }

    #[test]
    fn oversized_messages_become_resource_exhausted() {
        let tonic_error = Status::out_of_range(
            "Error, decoded message length too large: found 9 bytes, the limit is: 4 bytes",
        );
        assert_eq!(
            transport_status(tonic_error).code(),
            Code::ResourceExhausted
        );
        assert_eq!(
            transport_status(Status::internal("x")).code(),
            Code::Internal
        );
    }
}

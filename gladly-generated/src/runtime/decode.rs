//! JSON decoding that reports where in the document it failed.

use serde::de::DeserializeOwned;

/// Why a document did not decode: the JSON path of the failing field (`.` for the
/// document itself) and serde's message.
pub(crate) struct DecodeFailure {
    pub(crate) path: String,
    pub(crate) message: String,
}

/// Decodes one whole JSON document; trailing data after it is an error too.
pub(crate) fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeFailure> {
    // Tracking the path slows every decode and is needed only to report a failure: a
    // document is decoded plainly first, and again with the path tracked only when that
    // fails, which gives the same error.
    // Text checked as UTF-8 in one pass reads faster than bytes whose every string is
    // checked on its own; text that is not UTF-8 is read as bytes, for serde_json's error.
    let plain = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    };
    if let Ok(value) = plain {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| DecodeFailure {
        path: e.path().to_string(),
        message: e.into_inner().to_string(),
    })?;
    deserializer.end().map_err(|e| DecodeFailure {
        path: ".".to_owned(),
        message: e.to_string(),
    })?;
    Ok(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Outer {
        items: Vec<Inner>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        count: u32,
    }

    #[test]
    fn names_the_failing_field() {
        let failure =
            from_slice::<Outer>(br#"{"items":[{"count":1},{"count":"two"}]}"#).unwrap_err();
        assert_eq!(failure.path, "items[1].count");
        assert!(
            failure.message.contains("invalid type"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn trailing_data_is_an_error() {
        assert!(from_slice::<Inner>(br#"{"count":1} {"count":2}"#).is_err());
        assert!(from_slice::<Inner>(b"{\"count\":1}\n  ").is_ok());
    }

    #[test]
    fn bytes_that_are_not_utf8_fail_as_serde_json_says() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Named {
            name: String,
        }
        let failure = from_slice::<Named>(b"{\"name\":\"\xff\"}").unwrap_err();
        assert_eq!(failure.path, "name");
        assert!(
            failure.message.contains("invalid unicode"),
            "{}",
            failure.message
        );
        assert_eq!(
            from_slice::<Named>("{\"name\":\"é\"}".as_bytes())
                .ok()
                .map(|n| n.name),
            Some("é".to_owned())
        );
    }
}

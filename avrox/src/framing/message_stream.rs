//! Framed messages from an async source, decoded one by one: a
//! [`Stream`] of messages in, a `Stream` of records out (feature `tokio`).

use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::Stream;

use super::confluent::{ConfluentReader, SchemaRegistry};
use super::single_object::SchemaStore;
use crate::datum::ReadDatum;
use crate::error::{Error, Result};

/// What decodes one framed message: a [`SchemaStore`] (single-object
/// messages) or a [`ConfluentReader`] (the Confluent wire format), or a
/// reference or `Arc` to one, so that many streams can share one store
/// and its compiled decoders.
pub trait MessageDecoder {
    /// Decodes one whole message, as
    /// [`SchemaStore::decode`]/[`ConfluentReader::decode`] do.
    fn decode_message<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T>;
}

impl MessageDecoder for SchemaStore {
    fn decode_message<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T> {
        self.decode(message)
    }
}

impl<R: SchemaRegistry> MessageDecoder for ConfluentReader<R> {
    fn decode_message<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T> {
        self.decode(message)
    }
}

impl<D: MessageDecoder + ?Sized> MessageDecoder for &D {
    fn decode_message<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T> {
        (**self).decode_message(message)
    }
}

impl<D: MessageDecoder + ?Sized> MessageDecoder for Arc<D> {
    fn decode_message<T: ReadDatum + 'static>(&self, message: &[u8]) -> Result<T> {
        (**self).decode_message(message)
    }
}

/// A stream of framed messages decoded into records (feature `tokio`).
///
/// A message stream is a [`Stream`] whose items are whole messages,
/// `Result<B, E>` with `B: AsRef<[u8]>` (a `Vec<u8>`, `Bytes`, `BytesMut`)
/// and an error `E` that converts into [`Error`] (`std::io::Error` does):
/// what a Kafka consumer's payloads look like, and what
/// `tokio_util::codec::FramedRead` makes of a byte stream. Avro's framings
/// say where a message's schema is, not where it ends, so a byte stream
/// (a TCP connection, a pipe) needs framing of its own first: with
/// `FramedRead::new(socket, LengthDelimitedCodec::new())`, each message is
/// sent after its length as four big-endian bytes. A source of plain
/// messages (a channel of `Vec<u8>`) becomes one with
/// `.map(Ok::<_, std::io::Error>)`.
///
/// Each message gives one item: its record, or the error that message
/// gave (an unknown schema, damage, a broken constraint, named as the
/// decoder names it); the stream goes on with the next message. An error
/// of the source is passed on as an item too, and the stream ends when
/// the source does.
///
/// Polling is cancel-safe when the source's is: the stream keeps nothing
/// between polls but the source, so a dropped `next()` loses no message
/// that the source did not lose.
///
/// With the features `metrics` and `tracing` (see
/// [`observe`](crate::observe)), each message is counted, and its failure
/// traced, by the decoder's `decode` it goes through, exactly as a direct
/// call is; the stream adds no span. A poll yields one message, so there is
/// no batch for a span to stand for, and a span per message would be the
/// per-datum tracing avrox avoids: put the stream's loop in a span of
/// your own. An error of the source is the source's and is not counted.
///
/// ```
/// use avrox::framing::{self, MessageStream, SchemaStore};
/// use avrox::Avro;
/// use futures_util::{StreamExt, stream};
///
/// #[derive(Avro, Debug, PartialEq)]
/// struct Ping { seq: i64 }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), avrox::Error> {
/// // Payloads as a Kafka consumer or a channel hands them out.
/// let payloads = vec![framing::to_single_object(&Ping { seq: 1 })?, vec![0xc3, 0x01]];
/// let mut store = SchemaStore::new();
/// store.add_type::<Ping>();
///
/// let source = stream::iter(payloads).map(Ok::<_, std::io::Error>);
/// let mut pings = MessageStream::<Ping, _, _>::new(source, store);
/// assert_eq!(pings.next().await.unwrap()?, Ping { seq: 1 });
/// assert!(pings.next().await.unwrap().is_err()); // a cut message: its own error
/// assert!(pings.next().await.is_none());
/// # Ok(())
/// # }
/// ```
#[derive(Debug)]
pub struct MessageStream<T, S, D> {
    messages: S,
    decoder: D,
    _marker: PhantomData<fn() -> T>,
}

impl<T, S, D> MessageStream<T, S, D> {
    /// Decodes each message of `messages` with `decoder`.
    pub fn new(messages: S, decoder: D) -> MessageStream<T, S, D> {
        MessageStream {
            messages,
            decoder,
            _marker: PhantomData,
        }
    }

    /// The decoder (to add schemas to a store between messages).
    pub fn decoder_mut(&mut self) -> &mut D {
        &mut self.decoder
    }

    /// The source of messages and the decoder.
    pub fn into_parts(self) -> (S, D) {
        (self.messages, self.decoder)
    }
}

impl<T, S, D, B, E> Stream for MessageStream<T, S, D>
where
    T: ReadDatum + 'static,
    S: Stream<Item = std::result::Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: Into<Error>,
    D: MessageDecoder + Unpin,
{
    type Item = Result<T>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<T>>> {
        let this = self.get_mut();
        let item = match Pin::new(&mut this.messages).poll_next(cx) {
            Poll::Pending => return Poll::Pending,
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Ready(Some(item)) => item,
        };
        Poll::Ready(Some(match item {
            Ok(message) => this.decoder.decode_message(message.as_ref()),
            Err(e) => Err(e.into()),
        }))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.messages.size_hint()
    }
}

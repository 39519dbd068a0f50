//! Timeouts and cancellation tied to ownership.
//!
//! An [`AbortGuard`] owns an `AbortController` for one attempt or one backoff wait. The controller
//! aborts when the timeout fires or the caller's `AbortSignal` aborts. Dropping the guard, which
//! happens when the attempt ends or its future is dropped, clears the timer, removes the listener
//! from the caller's signal and aborts the controller, so nothing outlives the call.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::Function;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

use super::fetch::Callback;
use super::get;
use super::options::invalid_signal;
use crate::Error;

#[wasm_bindgen]
extern "C" {
    /// Calls the global `setTimeout`, which returns a number in browsers and an object in
    /// Node.js.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, milliseconds: u32) -> JsValue;

    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);

    /// An `AbortSignal`, bound here for its listener methods.
    #[wasm_bindgen(js_name = AbortSignal)]
    pub type Listeners;

    /// Calls `addEventListener(kind, listener)`. It throws when `this` is not a real signal,
    /// such as `Object.create(AbortSignal.prototype)`, which passes `instanceof`. The
    /// exception is caught because one that unwound through Rust frames would skip their
    /// epilogues and leak the module's stack.
    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    pub fn add_event_listener(
        this: &Listeners,
        kind: &str,
        listener: &JsValue,
    ) -> Result<(), JsValue>;

    /// Calls `removeEventListener(kind, listener)`, catching what it throws for the same reason.
    #[wasm_bindgen(method, catch, js_name = removeEventListener)]
    fn remove_event_listener(
        this: &Listeners,
        kind: &str,
        listener: &JsValue,
    ) -> Result<(), JsValue>;
}

/// An `AbortController` that aborts after a timeout or when the caller's signal aborts.
pub struct AbortGuard {
    controller: AbortController,
    timer: JsValue,
    timed_out: Rc<Cell<bool>>,
    caller: Option<AbortSignal>,
    // The closures are kept alive as long as the timer and the listener can call them. They
    // take the argument they are called with, ignore it and return `undefined`, so that they
    // share their binding with the request's promise callbacks.
    _on_timeout: Callback,
    on_caller_abort: Option<Callback>,
}

impl AbortGuard {
    /// Starts a guard that aborts after `timeout_ms` or when `caller` aborts.
    ///
    /// # Errors
    ///
    /// `api_connection_error` / `request_failed` when no `AbortController` can be created, and
    /// `integration_error` / `invalid_argument` when `caller` rejects a listener, which only an
    /// object that is not a real `AbortSignal` does.
    pub fn new(timeout_ms: u32, caller: Option<&AbortSignal>) -> Result<Self, Error> {
        let controller = AbortController::new().map_err(|_| super::fetch::request_failed())?;
        let timed_out = Rc::new(Cell::new(false));

        let on_timeout = {
            let controller = controller.clone();
            let timed_out = Rc::clone(&timed_out);
            Closure::new(move |_: JsValue| {
                timed_out.set(true);
                controller.abort();
                JsValue::UNDEFINED
            })
        };
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), timeout_ms);

        let mut on_caller_abort = None;
        if let Some(signal) = caller {
            if is_aborted(signal) {
                controller.abort();
            } else {
                let forward = {
                    let controller = controller.clone();
                    Closure::new(move |_: JsValue| {
                        controller.abort();
                        JsValue::UNDEFINED
                    })
                };
                let listeners: &Listeners = signal.unchecked_ref();
                // The timer is cleared before its closure is dropped with this frame.
                if listeners
                    .add_event_listener("abort", forward.as_ref())
                    .is_err()
                {
                    clear_timeout(&timer);
                    return Err(invalid_signal());
                }
                on_caller_abort = Some(forward);
            }
        }

        Ok(Self {
            controller,
            timer,
            timed_out,
            caller: caller.cloned(),
            _on_timeout: on_timeout,
            on_caller_abort,
        })
    }

    /// Returns the signal to pass to `fetch`.
    pub fn signal(&self) -> AbortSignal {
        get(&self.controller, "signal").unchecked_into()
    }

    /// Returns whether the timeout fired.
    pub fn timed_out(&self) -> bool {
        self.timed_out.get()
    }

    /// Returns the caller's abort reason once the caller's signal has aborted.
    pub fn caller_abort_reason(&self) -> Option<JsValue> {
        let signal = self.caller.as_ref()?;
        is_aborted(signal).then(|| get(signal, "reason"))
    }
}

/// Returns whether `signal` has aborted.
pub fn is_aborted(signal: &AbortSignal) -> bool {
    get(signal, "aborted").as_bool() == Some(true)
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let (Some(signal), Some(listener)) = (&self.caller, &self.on_caller_abort) {
            let listeners: &Listeners = signal.unchecked_ref();
            // A signal that accepted the listener does not throw here. If one did, the listener
            // would stay, and calling it would throw in JavaScript, outside the module.
            let _ = listeners.remove_event_listener("abort", listener.as_ref());
        }
        self.controller.abort();
    }
}

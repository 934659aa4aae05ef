// The resumable upload widget (cms/uploads/widgets.py): sends the chosen file with tus
// (tus-js-client, window.tus) in chunks, shows the progress, pauses and resumes, retries
// after a dropped connection, resumes an upload interrupted by a page reload when the
// same file is chosen again (fingerprint kept in localStorage), and puts the finished
// upload's id in the hidden input of the form.
// Stimulus controller "gv-upload" on the widget's <div>.
(() => {
  const { Controller } = window.StimulusModule;
  const UNITS = ["octets", "Ko", "Mo", "Go", "To"];
  const NBSP = "\u00a0";

  // The same rule as cms.uploads.protocol.format_size: binary units, one decimal.
  function formatSize(size) {
    let value = size;
    let unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit += 1;
    }
    const number = value.toFixed(1).replace(/\.0$/, "").replace(".", ",");
    return `${number}${NBSP}${UNITS[unit]}`;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) =>
      key in values ? String(values[key]) : match,
    );
  }

  class UploadController extends Controller {
    static targets = ["id", "file", "panel", "progress", "status", "live", "pause", "resume", "cancel", "error"];
    static values = {
      endpoint: String,
      chunkSize: Number,
      maxSize: Number,
      limit: String,
      retryDelays: Array,
      messages: Object,
    };

    connect() {
      this.upload = null;
      this.running = false;
      this.announced = -1;
      this.sent = 0;
      this.total = 0;
      this.online = () => {
        if (this.upload && !this.running && this.failedOffline) this.resume();
      };
      window.addEventListener("online", this.online);
      this.form = this.element.closest("form");
      this.guard = (event) => {
        if (this.running) {
          event.preventDefault();
          this.showError(this.messagesValue.wait);
        }
      };
      this.form?.addEventListener("submit", this.guard);
    }

    disconnect() {
      window.removeEventListener("online", this.online);
      this.form?.removeEventListener("submit", this.guard);
      if (this.upload && this.running) this.upload.abort();
    }

    csrfToken() {
      const input = this.form?.querySelector("input[name=csrfmiddlewaretoken]");
      return input ? input.value : window.wagtailConfig?.CSRF_TOKEN || "";
    }

    choose() {
      if (this.upload && this.running) this.upload.abort();
      this.upload = null;
      this.idTarget.value = "";
      this.hideError();
      const file = this.fileTarget.files[0];
      if (!file) {
        this.panelTarget.hidden = true;
        return;
      }
      const names = { name: file.name, total: formatSize(file.size), limit: this.limitValue };
      if (file.size > this.maxSizeValue) {
        this.showError(fill(this.messagesValue.too_big, names));
        return;
      }
      if (file.size === 0) {
        this.showError(fill(this.messagesValue.empty, names));
        return;
      }
      this.file = file;
      this.total = file.size;
      this.announced = -1;
      this.upload = new window.tus.Upload(file, {
        endpoint: this.endpointValue,
        chunkSize: this.chunkSizeValue,
        retryDelays: this.retryDelaysValue,
        removeFingerprintOnSuccess: true,
        metadata: { filename: file.name, filetype: file.type },
        headers: { "X-CSRFToken": this.csrfToken() },
        onProgress: (sent, total) => this.progress(sent, total),
        onShouldRetry: (error, attempt, options) => {
          const status = error.originalResponse ? error.originalResponse.getStatus() : 0;
          const retry = (status === 0 || status >= 500 || status === 409 || status === 423) && navigator.onLine;
          if (retry) this.say(this.messagesValue.retrying);
          return retry;
        },
        onSuccess: () => this.done(),
        onError: (error) => this.failed(error),
      });
      this.panelTarget.hidden = false;
      this.progress(0, file.size);
      this.upload.findPreviousUploads().then((previous) => {
        if (previous.length) {
          this.upload.resumeFromPreviousUpload(previous[0]);
          this.announce(fill(this.messagesValue.resumed, names));
        }
        this.start();
      });
    }

    start() {
      this.running = true;
      this.failedOffline = false;
      this.pauseTarget.hidden = false;
      this.resumeTarget.hidden = true;
      this.hideError();
      this.upload.start();
    }

    pause() {
      if (!this.upload || !this.running) return;
      this.running = false;
      this.upload.abort();
      this.pauseTarget.hidden = true;
      this.resumeTarget.hidden = false;
      this.say(this.messagesValue.paused, true);
    }

    resume() {
      if (!this.upload || this.running) return;
      this.start();
      this.say(this.messagesValue.progress, true);
    }

    cancel() {
      if (this.upload) this.upload.abort(true).catch(() => {});
      this.upload = null;
      this.running = false;
      this.idTarget.value = "";
      this.fileTarget.value = "";
      this.panelTarget.hidden = true;
      this.announce(this.messagesValue.cancelled);
    }

    values() {
      const percent = this.total ? Math.floor((this.sent / this.total) * 100) : 0;
      return { percent, sent: formatSize(this.sent), total: formatSize(this.total), name: this.file?.name || "" };
    }

    progress(sent, total) {
      this.sent = sent;
      this.total = total;
      const values = this.values();
      this.progressTarget.value = values.percent;
      this.progressTarget.setAttribute("aria-valuetext", fill(this.messagesValue.progress, values));
      this.statusTarget.textContent = fill(this.messagesValue.progress, values);
      // Screen readers hear every tenth, not every chunk.
      const step = Math.floor(values.percent / 10);
      if (step !== this.announced) {
        this.announced = step;
        this.liveTarget.textContent = fill(this.messagesValue.announce, values);
      }
    }

    say(template, announce = false) {
      const text = fill(template, this.values());
      this.statusTarget.textContent = text;
      if (announce) this.liveTarget.textContent = text;
    }

    announce(text) {
      this.liveTarget.textContent = text;
    }

    done() {
      this.running = false;
      const match = /([0-9a-f-]{36})\/?$/.exec(this.upload.url || "");
      this.idTarget.value = match ? match[1] : "";
      this.sent = this.total;
      this.progress(this.total, this.total);
      this.pauseTarget.hidden = true;
      this.resumeTarget.hidden = true;
      this.cancelTarget.hidden = true;
      this.say(this.messagesValue.done, true);
      this.element.dispatchEvent(new CustomEvent("gv-upload:done", { bubbles: true, detail: { id: this.idTarget.value } }));
    }

    failed(error) {
      this.running = false;
      this.pauseTarget.hidden = true;
      this.resumeTarget.hidden = false;
      const response = error.originalResponse;
      const status = response ? response.getStatus() : 0;
      if (status >= 400 && status < 500) {
        // The server's French message: this file cannot be sent as it is.
        this.resumeTarget.hidden = true;
        this.showError(fill(this.messagesValue.failed, { reason: response.getBody() }));
      } else if (!navigator.onLine) {
        this.failedOffline = true;
        this.showError(this.messagesValue.offline);
      } else {
        this.showError(fill(this.messagesValue.failed, { reason: this.messagesValue.network }));
      }
      this.say(this.messagesValue.paused);
    }

    showError(text) {
      this.errorTarget.textContent = text;
      this.errorTarget.hidden = false;
    }

    hideError() {
      this.errorTarget.hidden = true;
      this.errorTarget.textContent = "";
    }
  }

  window.wagtail.app.register("gv-upload", UploadController);
})();

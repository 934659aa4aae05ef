// Counts a social post as the editor types, by the rule of news.social.post_length:
// NFC code points, URLs counted as the network counts them, hashtags after a line break.
// Stimulus controller on the copy's textarea (news.social_admin.SocialPostForm).
(() => {
  const { Controller } = window.StimulusModule;

  class SocialLengthController extends Controller {
    static values = {
      limits: Object,
      urlLengths: Object,
      message: String,
      overMessage: String,
      noNetworkMessage: String,
    };

    connect() {
      this.output = document.createElement("p");
      this.output.id = `${this.element.id}-length`;
      this.output.setAttribute("aria-live", "polite");
      this.output.dataset.gvSocialLengthOutput = "";
      this.element.insertAdjacentElement("afterend", this.output);
      const described = this.element.getAttribute("aria-describedby");
      this.element.setAttribute(
        "aria-describedby",
        described ? `${described} ${this.output.id}` : this.output.id,
      );
      this.update = this.update.bind(this);
      this.element.form.addEventListener("input", this.update);
      this.element.form.addEventListener("change", this.update);
      this.update();
    }

    disconnect() {
      this.element.form?.removeEventListener("input", this.update);
      this.element.form?.removeEventListener("change", this.update);
      this.output.remove();
    }

    count(network) {
      let text = this.element.value.normalize("NFC");
      const urlLength = this.urlLengthsValue[network];
      if (urlLength) text = text.replace(/https?:\/\/\S+/g, "x".repeat(urlLength));
      let length = [...text].length;
      const field = this.element.form.elements.namedItem("hashtags");
      const tags = (field ? field.value : "")
        .split(/[\s,;]+/)
        .filter(Boolean)
        .map((word) => `#${word.replace(/^#/, "")}`)
        .join(" ");
      if (tags) length += 1 + [...tags.normalize("NFC")].length;
      return length;
    }

    update() {
      const select = this.element.form.elements.namedItem("network");
      const network = select ? select.value : "";
      const limit = this.limitsValue[network];
      if (!limit) {
        this.output.textContent = this.noNetworkMessageValue;
        this.output.style.color = "";
        return;
      }
      const length = this.count(network);
      const over = length > limit;
      const label = select.options[select.selectedIndex].text;
      this.output.textContent = (over ? this.overMessageValue : this.messageValue)
        .replace("{length}", length)
        .replace("{limit}", limit)
        .replace("{over}", length - limit)
        .replace("{network}", label);
      this.output.style.color = over ? "var(--w-color-critical-200)" : "";
      this.output.style.fontWeight = over ? "bold" : "";
      this.element.setAttribute("aria-invalid", over ? "true" : "false");
    }
  }

  window.wagtail.app.register("gv-social-length", SocialLengthController);
})();

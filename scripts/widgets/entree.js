/* Rendu des formulaires ipywidgets des outils du cours, sans JupyterLab ni noyau.
 *
 * Les paquets standard (@jupyter-widgets/base, base-manager, controls, et le widget Output
 * de html-manager) ; les messages « comm » viennent de Python, qui tourne dans un Web Worker
 * (piu-outil-worker.js), et y retournent. Exposé en window.PiuWidgets pour piu-outil.js.
 */
import * as base from "@jupyter-widgets/base";
import { ManagerBase } from "@jupyter-widgets/base-manager";
import * as controls from "@jupyter-widgets/controls";
import * as output from "@jupyter-widgets/html-manager/lib/output";
import { WidgetRenderer, WIDGET_MIMETYPE } from "@jupyter-widgets/html-manager/lib/output_renderers";
import { RenderMimeRegistry, standardRendererFactories } from "@jupyterlab/rendermime";
import { MessageLoop } from "@lumino/messaging";
import { Widget } from "@lumino/widgets";
import "@jupyter-widgets/base/css/index.css";
import "@jupyter-widgets/controls/css/widgets-base.css";
import "@jupyter-widgets/controls/css/labvariables.css";

const MODULES = { "@jupyter-widgets/base": base, "@jupyter-widgets/controls": controls,
                  "@jupyter-widgets/output": output };

/* Un canal « comm » du côté de la page : ce qu'un noyau Jupyter ferait, par le worker. */
class WorkerComm {
  constructor(manager, commId, targetName) {
    this.manager = manager;
    this.comm_id = commId;
    this.target_name = targetName;
    this._onMsg = null;
    this._onClose = null;
  }
  open() { return ""; }
  send(data, callbacks, metadata, buffers) {
    return this.manager._post("comm_msg", this.comm_id, data, buffers, callbacks);
  }
  close(data, callbacks, metadata, buffers) {
    return this.manager._post("comm_close", this.comm_id, data, buffers, callbacks);
  }
  on_msg(callback) { this._onMsg = callback; }
  on_close(callback) { this._onClose = callback; }
}

class PiuManager extends ManagerBase {
  constructor(send) {
    super();
    this._send = send;
    this._comms = new Map();
    this._callbacks = new Map();
    this._next = 1;
    this._views = new Set();
    this.renderMime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
    this.renderMime.addFactory({ safe: false, mimeTypes: [WIDGET_MIMETYPE],
      createRenderer: (options) => new WidgetRenderer(options, this) }, 0);
    window.addEventListener("resize", () => {
      this._views.forEach((v) => MessageLoop.postMessage(v.luminoWidget, Widget.ResizeMessage.UnknownSize));
    });
  }

  loadClass(className, moduleName) {
    const module = MODULES[moduleName];
    if (module && module[className]) { return Promise.resolve(module[className]); }
    return Promise.reject(new Error("Classe de formulaire inconnue : " + moduleName + "." + className));
  }

  _get_comm_info() { return Promise.resolve({}); }

  _create_comm() { return Promise.reject(new Error("Python ouvre seul ses formulaires.")); }

  /* Un message de la page vers Python ; « idle » quand Python l'a traité (voir handle). */
  _post(kind, commId, data, buffers, callbacks) {
    const ref = "m" + this._next++;
    if (callbacks) { this._callbacks.set(ref, callbacks); }
    const list = (buffers || []).map((b) => (b instanceof ArrayBuffer ? b : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
    this._send({ kind: kind, comm_id: commId, data: data, buffers: list, ref: ref }, list);
    return ref;
  }

  /* Un message de Python : comm_open, comm_msg, comm_close, ou « traité ». */
  async handle(msg) {
    if (msg.kind === "comm_open") {
      const comm = new WorkerComm(this, msg.comm_id, msg.target_name);
      this._comms.set(msg.comm_id, comm);
      await this.handle_comm_open(comm, { content: { comm_id: msg.comm_id, target_name: msg.target_name,
        data: msg.data }, buffers: msg.buffers || [], metadata: msg.metadata || {} });
    } else if (msg.kind === "comm_msg") {
      const comm = this._comms.get(msg.comm_id);
      if (comm && comm._onMsg) {
        await comm._onMsg({ content: { comm_id: msg.comm_id, data: msg.data }, buffers: (msg.buffers || []).map((b) => new DataView(b)),
          metadata: msg.metadata || {}, parent_header: {} });
      }
    } else if (msg.kind === "comm_close") {
      const comm = this._comms.get(msg.comm_id);
      this._comms.delete(msg.comm_id);
      if (comm && comm._onClose) { comm._onClose({ content: { comm_id: msg.comm_id, data: msg.data } }); }
    } else if (msg.kind === "traite") {
      const callbacks = this._callbacks.get(msg.ref);
      this._callbacks.delete(msg.ref);
      const status = callbacks && callbacks.iopub && callbacks.iopub.status;
      if (status) { status({ content: { execution_state: "idle" }, parent_header: { msg_id: msg.ref } }); }
    }
  }

  /* Afficher le formulaire de modèle modelId dans l'élément el. */
  async show(modelId, el) {
    const model = await this.get_model(modelId);
    const view = await this.create_view(model);
    Widget.attach(view.luminoWidget, el);
    this._views.add(view);
    view.once("remove", () => this._views.delete(view));
    return view;
  }
}

window.PiuWidgets = { PiuManager: PiuManager, WIDGET_MIMETYPE: WIDGET_MIMETYPE };

;;; secretls.el --- Find hard-coded secrets with the secretls language server  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The secretls authors

;; Author: The secretls authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.1") (jsonrpc "1.0.14"))
;; Keywords: tools, convenience, languages
;; URL: https://github.com/secretls/secretls

;; This file is not part of GNU Emacs.

;;; Commentary:

;; secretls finds hard-coded secrets (API keys, tokens, private keys,
;; passwords) in any file and offers fixes that move them into
;; environment variables.  Two ways to use it from Emacs:
;;
;; 1. `secretls-flymake-mode': a Flymake backend that runs its own
;;    secretls process over LSP (jsonrpc.el), so it works next to
;;    whatever language server eglot runs for the buffer (eglot manages
;;    only one server per buffer).  `secretls-fix-at-point' offers the
;;    server's code actions for the finding at point, and
;;    `secretls-describe-at-point' shows its hover text.
;;
;;      (add-hook 'prog-mode-hook #'secretls-flymake-mode)
;;      (add-hook 'conf-mode-hook #'secretls-flymake-mode)
;;      (add-hook 'text-mode-hook #'secretls-flymake-mode)
;;
;; 2. Plain eglot, for modes no other language server handles (conf
;;    files, .env files, YAML when yaml-language-server is missing):
;;    loading eglot registers secretls in `eglot-server-programs' for
;;    `secretls-eglot-modes'; then M-x eglot in such a buffer.

;;; Code:

(require 'cl-lib)
(require 'jsonrpc)
(require 'flymake)
(require 'project)
(require 'subr-x)
(require 'url-util)

(defvar eglot-server-programs)

(defgroup secretls nil
  "Find hard-coded secrets with the secretls language server."
  :group 'tools
  :prefix "secretls-")

(defcustom secretls-command '("secretls")
  "Command (program and arguments) that starts the secretls server on stdio."
  :type '(repeat string))

(defcustom secretls-initialization-options nil
  "Plist sent as LSP initializationOptions.
For example (:debounceMs 50 :disabledRules [\"generic-password\"]
:configFile \"/path/extra.secretls.toml\")."
  :type 'plist)

(defcustom secretls-settings nil
  "Plist sent with workspace/didChangeConfiguration and answered to
workspace/configuration requests for the \"secretls\" section."
  :type 'plist)

(defcustom secretls-eglot-modes
  '(conf-mode conf-unix-mode conf-space-mode conf-colon-mode conf-javaprop-mode
              conf-toml-mode conf-desktop-mode dotenv-mode envrc-file-mode
              properties-mode)
  "Major modes for which loading eglot registers secretls as THE server.
YAML modes are added when no yaml-language-server is on PATH."
  :type '(repeat symbol))

(defcustom secretls-request-timeout 10
  "Seconds to wait for an answer to a synchronous request."
  :type 'number)

;;;; Connections: one secretls process per project root.

(defvar secretls--connections (make-hash-table :test #'equal)
  "Project root -> live `jsonrpc-process-connection'.")

(defvar secretls--buffers (make-hash-table :test #'equal)
  "Document URI -> buffer, to route publishDiagnostics.")

(defvar secretls--capabilities (make-hash-table :test #'eq :weakness 'key)
  "Connection -> the server's capabilities from its initialize reply.")

(defvar-local secretls--connection nil)
(defvar-local secretls--uri nil)
(defvar-local secretls--version 0)
(defvar-local secretls--pending-changes nil "Content changes not sent yet, newest first.")
(defvar-local secretls--full-sync nil "Non-nil when the next didChange sends the whole text.")
(defvar-local secretls--before-change nil "(BEG END START-POS END-POS) from before-change.")
(defvar-local secretls--diagnostics nil "The last published LSP diagnostics (a vector).")
(defvar-local secretls--diagnostics-version nil)
(defvar-local secretls--report-fn nil "Flymake's report function of the latest run.")

(defun secretls--root ()
  "The directory the current buffer's secretls server serves."
  (expand-file-name
   (let ((project (project-current nil)))
     (if project (project-root project) default-directory))))

(defun secretls--path-to-uri (path)
  "File URI of PATH."
  (concat "file://"
          (url-hexify-string (file-truename path)
                             (url--allowed-chars (cons ?/ url-unreserved-chars)))))

(defun secretls--uri-to-path (uri)
  "File name of the file URI, or nil for other schemes."
  (when (string-prefix-p "file://" uri)
    (decode-coding-string (url-unhex-string (substring uri 7)) 'utf-8)))

(defun secretls--buffer-uri ()
  "URI of the current buffer (untitled: for buffers that visit no file)."
  (if buffer-file-name
      (secretls--path-to-uri buffer-file-name)
    (concat "untitled:" (url-hexify-string (buffer-name)))))

(defun secretls--language-id ()
  "LSP language id guessed from the major mode (`python-ts-mode' -> \"python\")."
  (replace-regexp-in-string "\\(-ts\\)?-mode\\'" "" (symbol-name major-mode)))

(defun secretls--client-capabilities ()
  "What this client supports."
  `(:textDocument
    (:synchronization (:didSave t)
     :publishDiagnostics (:relatedInformation :json-false :versionSupport t)
     :hover (:contentFormat ["markdown" "plaintext"])
     :codeAction (:codeActionLiteralSupport
                  (:codeActionKind (:valueSet ["quickfix" "refactor" "refactor.rewrite"
                                               "source" "source.fixAll"]))
                  :isPreferredSupport t))
    :workspace (:applyEdit t
                :configuration t
                :workspaceEdit (:documentChanges t :resourceOperations ["create"]))
    :general (:positionEncodings ["utf-16"])))

(defun secretls--start (root)
  "Start a secretls server for ROOT, initialize it and return the connection."
  (let* ((name (format "secretls %s" (abbreviate-file-name root)))
         (default-directory root)
         (process (make-process
                   :name name
                   :command secretls-command
                   :connection-type 'pipe
                   :coding 'utf-8-emacs-unix
                   :noquery t
                   ;; jsonrpc.el reads stderr from a buffer named exactly so.
                   :stderr (get-buffer-create (format "*%s stderr*" name))))
         (connection (jsonrpc-process-connection
                      :name name
                      :process process
                      :notification-dispatcher #'secretls--handle-notification
                      :request-dispatcher #'secretls--handle-request
                      :on-shutdown (lambda (_) (remhash root secretls--connections)))))
    (let ((reply (jsonrpc-request
                  connection :initialize
                  `(:processId ,(emacs-pid)
                    :clientInfo (:name "secretls.el" :version "0.1.0")
                    :rootUri ,(secretls--path-to-uri root)
                    :workspaceFolders [(:uri ,(secretls--path-to-uri root) :name ,root)]
                    :capabilities ,(secretls--client-capabilities)
                    :initializationOptions ,(or secretls-initialization-options
                                                (make-hash-table)))
                  :timeout secretls-request-timeout)))
      (puthash connection (plist-get reply :capabilities) secretls--capabilities))
    (jsonrpc-notify connection :initialized (make-hash-table))
    (when secretls-settings
      (jsonrpc-notify connection :workspace/didChangeConfiguration
                      `(:settings (:secretls ,secretls-settings))))
    (puthash root connection secretls--connections)
    connection))

(defun secretls--connection-for-root (root)
  "The running connection for ROOT, started when needed."
  (let ((connection (gethash root secretls--connections)))
    (if (and connection (jsonrpc-running-p connection))
        connection
      (secretls--start root))))

(defun secretls-server-capable (capability)
  "The current buffer's server's value for CAPABILITY (e.g. :hoverProvider)."
  (and secretls--connection
       (plist-get (gethash secretls--connection secretls--capabilities) capability)))

(defun secretls-shutdown-all ()
  "Shut every secretls server down."
  (interactive)
  (maphash (lambda (_root connection)
             (ignore-errors (jsonrpc-request connection :shutdown nil :timeout 2))
             (ignore-errors (jsonrpc-notify connection :exit nil))
             (jsonrpc-shutdown connection t))
           secretls--connections)
  (clrhash secretls--connections))

;;;; Positions: LSP uses (line, UTF-16 code unit) by default.

(defun secretls--utf16-length (string)
  "Number of UTF-16 code units in STRING."
  (+ (length string) (cl-count-if (lambda (c) (> c #xFFFF)) string)))

(defun secretls--lsp-position (pos)
  "LSP position of buffer position POS."
  (save-excursion
    (goto-char pos)
    (list :line (1- (line-number-at-pos pos t))
          :character (secretls--utf16-length
                      (buffer-substring-no-properties (line-beginning-position) pos)))))

(defun secretls--buffer-position (position)
  "Buffer position of the LSP POSITION (clamped to the line and the buffer)."
  (save-excursion
    (save-restriction
      (widen)
      (goto-char (point-min))
      (forward-line (plist-get position :line))
      (let ((units (plist-get position :character)))
        (while (and (> units 0) (not (eolp)))
          (setq units (- units (if (> (char-after) #xFFFF) 2 1)))
          (forward-char)))
      (point))))

(defun secretls--range-to-region (range)
  "Cons (BEG . END) of the LSP RANGE."
  (cons (secretls--buffer-position (plist-get range :start))
        (secretls--buffer-position (plist-get range :end))))

;;;; Document synchronization.

(defun secretls--before-change (beg end)
  "Remember the LSP range BEG..END is about to replace."
  (setq secretls--before-change
        (list beg end (secretls--lsp-position beg) (secretls--lsp-position end))))

(defun secretls--after-change (beg end pre-change-length)
  "Queue the change of BEG..END, which replaced PRE-CHANGE-LENGTH chars."
  (cl-incf secretls--version)
  (pcase secretls--before-change
    ;; Emacs may report a larger region before the change than after it; then the
    ;; remembered range is not the replaced one and only a full sync is safe.
    (`(,old-beg ,old-end ,start ,end-pos)
     (if (and (= old-beg beg) (= old-end (+ beg pre-change-length)))
         (push `(:range (:start ,start :end ,end-pos)
                 :text ,(buffer-substring-no-properties beg end))
               secretls--pending-changes)
       (setq secretls--full-sync t)))
    (_ (setq secretls--full-sync t)))
  (setq secretls--before-change nil))

(defun secretls--send-changes ()
  "Send the queued changes of the current buffer as one didChange."
  (when (or secretls--pending-changes secretls--full-sync)
    (let ((changes (if secretls--full-sync
                       (vector `(:text ,(save-restriction
                                          (widen)
                                          (buffer-substring-no-properties
                                           (point-min) (point-max)))))
                     (vconcat (reverse secretls--pending-changes)))))
      (setq secretls--pending-changes nil
            secretls--full-sync nil)
      (jsonrpc-notify secretls--connection :textDocument/didChange
                      `(:textDocument (:uri ,secretls--uri :version ,secretls--version)
                        :contentChanges ,changes)))))

(defun secretls--did-open ()
  "Open the current buffer on its server."
  (setq secretls--uri (secretls--buffer-uri)
        secretls--version 0
        secretls--pending-changes nil
        secretls--full-sync nil)
  (puthash secretls--uri (current-buffer) secretls--buffers)
  (jsonrpc-notify secretls--connection :textDocument/didOpen
                  `(:textDocument (:uri ,secretls--uri
                                   :languageId ,(secretls--language-id)
                                   :version 0
                                   :text ,(save-restriction
                                            (widen)
                                            (buffer-substring-no-properties
                                             (point-min) (point-max)))))))

(defun secretls--did-close ()
  "Close the current buffer on its server."
  (when secretls--uri
    (remhash secretls--uri secretls--buffers)
    (when (and secretls--connection (jsonrpc-running-p secretls--connection))
      (jsonrpc-notify secretls--connection :textDocument/didClose
                      `(:textDocument (:uri ,secretls--uri))))
    (setq secretls--uri nil)))

(defun secretls--did-save ()
  "Tell the server the buffer was saved."
  (when (and secretls--uri (jsonrpc-running-p secretls--connection))
    (secretls--send-changes)
    (jsonrpc-notify secretls--connection :textDocument/didSave
                    `(:textDocument (:uri ,secretls--uri)))))

;;;; Messages from the server.

(defun secretls--handle-notification (_connection method params)
  "Handle the server's notification METHOD with PARAMS."
  (pcase method
    ('textDocument/publishDiagnostics
     (let ((buffer (gethash (plist-get params :uri) secretls--buffers)))
       (when (buffer-live-p buffer)
         (with-current-buffer buffer
           (setq secretls--diagnostics (plist-get params :diagnostics)
                 secretls--diagnostics-version (plist-get params :version))
           (secretls--maybe-report)))))
    ('window/showMessage (message "secretls: %s" (plist-get params :message)))
    (_ nil)))

(defun secretls--handle-request (_connection method params)
  "Answer the server's request METHOD with PARAMS."
  (pcase method
    ('workspace/configuration
     (vconcat (mapcar (lambda (item)
                        (if (member (plist-get item :section) '("secretls" nil))
                            (or secretls-settings (make-hash-table))
                          nil))
                      (plist-get params :items))))
    ('workspace/applyEdit
     (secretls--apply-workspace-edit (plist-get params :edit))
     '(:applied t))
    ((or 'window/workDoneProgress/create 'client/registerCapability
         'client/unregisterCapability 'window/showMessageRequest)
     nil)
    (_ (jsonrpc-error :code -32601 :message (format "%s not supported" method)))))

;;;; Flymake backend.

(defun secretls--diagnostics-current-p ()
  "Non-nil when the stored diagnostics describe the buffer's current text."
  (and (not secretls--pending-changes)
       (not secretls--full-sync)
       (or (null secretls--diagnostics-version)
           (eql secretls--diagnostics-version secretls--version))))

(defun secretls--flymake-diagnostic (diagnostic)
  "Flymake diagnostic of the LSP DIAGNOSTIC, which it keeps as data."
  (let* ((region (secretls--range-to-region (plist-get diagnostic :range)))
         (beg (car region))
         (end (if (> (cdr region) beg) (cdr region) (min (point-max) (1+ beg))))
         (code (plist-get diagnostic :code)))
    (flymake-make-diagnostic
     (current-buffer) beg end
     (pcase (plist-get diagnostic :severity)
       (1 :error) (2 :warning) (_ :note))
     (if code (format "%s [%s]" (plist-get diagnostic :message) code)
       (plist-get diagnostic :message))
     `((secretls-lsp-diagnostic . ,diagnostic)))))

(defun secretls--maybe-report ()
  "Give Flymake the diagnostics when they match the current text."
  (when (and secretls--report-fn (secretls--diagnostics-current-p))
    (save-restriction
      (widen)
      (funcall secretls--report-fn
               (mapcar #'secretls--flymake-diagnostic secretls--diagnostics)
               ;; A report replaces the earlier ones only when it names a region.
               :region (cons (point-min) (point-max))))))

(defun secretls-flymake-backend (report-fn &rest _)
  "Flymake backend: send pending edits, report the findings to REPORT-FN."
  (unless (and secretls--connection (jsonrpc-running-p secretls--connection))
    (error "The secretls server is not running (M-x secretls-restart)"))
  (setq secretls--report-fn report-fn)
  (secretls--send-changes)
  (secretls--maybe-report))

;;;###autoload
(define-minor-mode secretls-flymake-mode
  "Report hard-coded secrets with Flymake, from a secretls server of its own.
Works alongside any other Flymake backend, including eglot's."
  :lighter nil
  (cond
   (secretls-flymake-mode
    (setq secretls--connection (secretls--connection-for-root (secretls--root)))
    (secretls--did-open)
    (add-hook 'before-change-functions #'secretls--before-change nil t)
    (add-hook 'after-change-functions #'secretls--after-change nil t)
    (add-hook 'after-save-hook #'secretls--did-save nil t)
    (add-hook 'kill-buffer-hook #'secretls--did-close nil t)
    (add-hook 'flymake-diagnostic-functions #'secretls-flymake-backend nil t)
    (flymake-mode 1))
   (t
    (remove-hook 'before-change-functions #'secretls--before-change t)
    (remove-hook 'after-change-functions #'secretls--after-change t)
    (remove-hook 'after-save-hook #'secretls--did-save t)
    (remove-hook 'kill-buffer-hook #'secretls--did-close t)
    (remove-hook 'flymake-diagnostic-functions #'secretls-flymake-backend t)
    (secretls--did-close)
    (setq secretls--connection nil
          secretls--report-fn nil))))

(defun secretls-restart ()
  "Restart the secretls server of the current buffer and reopen its buffers."
  (interactive)
  (let ((buffers (cl-remove-if-not (lambda (b) (buffer-local-value 'secretls-flymake-mode b))
                                   (buffer-list))))
    (dolist (b buffers) (with-current-buffer b (secretls-flymake-mode -1)))
    (secretls-shutdown-all)
    (dolist (b buffers) (with-current-buffer b (secretls-flymake-mode 1)))))

;;;; Code actions and hover.

(defun secretls--ensure ()
  "Signal an error unless `secretls-flymake-mode' is on."
  (unless (and secretls-flymake-mode secretls--connection)
    (user-error "Turn on `secretls-flymake-mode' first")))

(defun secretls--diagnostics-at (beg end)
  "The LSP diagnostics of secretls between BEG and END."
  (cl-loop for diag in (flymake-diagnostics beg end)
           for lsp = (alist-get 'secretls-lsp-diagnostic (flymake-diagnostic-data diag))
           when lsp collect lsp))

(defun secretls-code-actions (&optional beg end)
  "The server's code actions (plists) for the findings between BEG and END.
BEG and END default to the region, else to point."
  (secretls--ensure)
  (let* ((beg (or beg (if (use-region-p) (region-beginning) (point))))
         (end (or end (if (use-region-p) (region-end) beg))))
    (secretls--send-changes)
    (append (jsonrpc-request
             secretls--connection :textDocument/codeAction
             `(:textDocument (:uri ,secretls--uri)
               :range (:start ,(secretls--lsp-position beg) :end ,(secretls--lsp-position end))
               :context (:diagnostics ,(vconcat (secretls--diagnostics-at beg end))))
             :timeout secretls-request-timeout)
            nil)))

(defun secretls--preferred-action (actions)
  "The preferred quick fix among ACTIONS, else the first quick fix."
  (or (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)
      (cl-find-if (lambda (a) (string-prefix-p "quickfix" (or (plist-get a :kind) ""))) actions)))

(defun secretls-fix-at-point (&optional choice)
  "Offer the server's fixes for the finding at point and apply the one chosen.
From Lisp, CHOICE picks without asking: t for the preferred quick fix, or a
regexp matched against the action titles."
  (interactive)
  (let* ((actions (or (secretls-code-actions)
                      (user-error "No secretls fix here")))
         (action
          (cond ((eq choice t) (secretls--preferred-action actions))
                ((stringp choice)
                 (cl-find-if (lambda (a) (string-match-p choice (plist-get a :title))) actions))
                (t (let* ((titles (mapcar (lambda (a) (plist-get a :title)) actions))
                          (default (plist-get (secretls--preferred-action actions) :title))
                          (title (completing-read "Fix: " titles nil t nil nil default)))
                     (cl-find title actions :key (lambda (a) (plist-get a :title))
                              :test #'equal))))))
    (unless action (user-error "No matching secretls fix"))
    (secretls--execute-action action)
    (plist-get action :title)))

(defun secretls--execute-action (action)
  "Apply the code ACTION: resolve it if needed, apply its edit, run its command."
  (when (and (not (plist-get action :edit)) (not (plist-get action :command))
             (plist-get action :data))
    (setq action (jsonrpc-request secretls--connection :codeAction/resolve action
                                  :timeout secretls-request-timeout)))
  (when-let ((edit (plist-get action :edit)))
    (secretls--apply-workspace-edit edit))
  (when-let ((command (plist-get action :command)))
    (let ((command (if (stringp command) action command)))
      (jsonrpc-request secretls--connection :workspace/executeCommand
                       `(:command ,(plist-get command :command)
                         :arguments ,(or (plist-get command :arguments) []))
                       :timeout secretls-request-timeout))))

(defun secretls-describe-at-point ()
  "Show what secretls knows about the finding at point (its hover text)."
  (interactive)
  (secretls--ensure)
  (secretls--send-changes)
  (let* ((hover (jsonrpc-request secretls--connection :textDocument/hover
                                 `(:textDocument (:uri ,secretls--uri)
                                   :position ,(secretls--lsp-position (point)))
                                 :timeout secretls-request-timeout))
         (contents (plist-get hover :contents))
         (text (cond ((stringp contents) contents)
                     ((plist-get contents :value))
                     ((vectorp contents)
                      (mapconcat (lambda (c) (if (stringp c) c (plist-get c :value)))
                                 contents "\n\n")))))
    (unless text (user-error "No secretls finding at point"))
    (with-help-window "*secretls*"
      (princ text))
    text))

;;;; Workspace edits.

(defun secretls--apply-text-edits (edits)
  "Apply the LSP text EDITS (a sequence) to the current buffer."
  ;; Edits refer to the text before any of them; applying them from the end backwards
  ;; keeps the earlier positions valid.  Among edits at the same place the later one goes
  ;; first so that the inserted texts end up in the order of the array.
  (let ((indexed (cl-loop for edit across (vconcat edits) for i from 0
                          collect (cons i edit))))
    (setq indexed
          (sort indexed
                (lambda (a b)
                  (let ((pa (plist-get (plist-get (cdr a) :range) :start))
                        (pb (plist-get (plist-get (cdr b) :range) :start)))
                    (cond ((/= (plist-get pa :line) (plist-get pb :line))
                           (> (plist-get pa :line) (plist-get pb :line)))
                          ((/= (plist-get pa :character) (plist-get pb :character))
                           (> (plist-get pa :character) (plist-get pb :character)))
                          (t (> (car a) (car b))))))))
    (save-excursion
      (save-restriction
        (widen)
        (atomic-change-group
          (dolist (item indexed)
            (let ((region (secretls--range-to-region (plist-get (cdr item) :range))))
              (goto-char (car region))
              (delete-region (car region) (cdr region))
              (insert (plist-get (cdr item) :newText)))))))))

(defun secretls--edit-buffer (uri fn)
  "Call FN in the buffer of URI; save the buffer if it was visited only for this."
  (let* ((open (gethash uri secretls--buffers))
         (path (secretls--uri-to-path uri))
         (existing (or (and (buffer-live-p open) open) (and path (find-buffer-visiting path))))
         (buffer (or existing
                     (and path (find-file-noselect path))
                     (error "Cannot edit %s" uri))))
    (with-current-buffer buffer
      (funcall fn)
      (unless existing (save-buffer)))))

(defun secretls--create-file (operation)
  "Carry out the LSP CreateFile OPERATION."
  (let ((path (secretls--uri-to-path (plist-get operation :uri)))
        (options (plist-get operation :options)))
    (when (and path (or (not (file-exists-p path))
                        (eq (plist-get options :overwrite) t)))
      (make-directory (file-name-directory path) t)
      (write-region "" nil path nil 'silent))))

(defun secretls--apply-workspace-edit (edit)
  "Apply the LSP WorkspaceEdit EDIT (documentChanges or changes)."
  (let ((document-changes (plist-get edit :documentChanges))
        (changes (plist-get edit :changes)))
    (if document-changes
        (cl-loop for change across document-changes
                 do (pcase (plist-get change :kind)
                      ("create" (secretls--create-file change))
                      ('nil (let ((edits (plist-get change :edits)))
                              (secretls--edit-buffer
                               (plist-get (plist-get change :textDocument) :uri)
                               (lambda () (secretls--apply-text-edits edits)))))
                      (kind (error "Unsupported resource operation %s" kind))))
      (cl-loop for (uri edits) on changes by #'cddr
               do (secretls--edit-buffer (substring (symbol-name uri) 1)
                                         (lambda () (secretls--apply-text-edits edits)))))))

;;;; Eglot, for modes no other server handles.

(defun secretls--eglot-contact (&optional _interactive)
  "The eglot contact for secretls, read when eglot starts a server."
  secretls-command)

;;;###autoload
(defun secretls-register-with-eglot ()
  "Make secretls eglot's server for `secretls-eglot-modes'.
Also for YAML modes when no yaml-language-server is on PATH."
  (let ((modes (append secretls-eglot-modes
                       (unless (executable-find "yaml-language-server")
                         '(yaml-mode yaml-ts-mode)))))
    (setq eglot-server-programs
          (cons (cons modes #'secretls--eglot-contact)
                (cl-remove #'secretls--eglot-contact eglot-server-programs :key #'cdr)))))

;;;###autoload
(with-eval-after-load 'eglot (secretls-register-with-eglot))

(provide 'secretls)
;;; secretls.el ends here

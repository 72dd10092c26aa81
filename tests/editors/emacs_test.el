;;; emacs_test.el --- End-to-end test of editors/emacs in batch Emacs  -*- lexical-binding: t; -*-

;;; Commentary:

;; Drives the real secretls binary from batch Emacs 28 in one of two ways, chosen by the
;; environment variable SECRETLS_EMACS_TEST:
;;   flymake  secretls-flymake-mode (its own jsonrpc connection): exact positions with
;;            non-ASCII text before a generated fake key, incremental edits, hover,
;;            secretls-fix-at-point, the saved file checked.
;;   eglot    plain eglot 1.9 with secretls registered for conf modes: diagnostics, the
;;            preferred quick fix applied through eglot, the buffer checked.
;; Run by tests/editors/run_emacs.sh (sets SECRETLS_SERVER and SECRETLS_WORKDIR).

;;; Code:

(require 'cl-lib)
(require 'flymake)

(defvar test-server (or (getenv "SECRETLS_SERVER") (error "SECRETLS_SERVER is not set")))
(defvar test-workdir (or (getenv "SECRETLS_WORKDIR") (error "SECRETLS_WORKDIR is not set")))
(defvar test-rule "mailgun-api-key")
(defvar test-wait 10 "Seconds to wait for any one expected state.")

;; A fake Mailgun private key generated now: "key-" + 32 random lowercase hex digits.
(random t)
(defvar test-secret
  (concat "key-" (apply #'string (cl-loop repeat 32 collect (aref "0123456789abcdef" (random 16))))))

(defun test-masked (text)
  "TEXT with the secret masked, for printing."
  (replace-regexp-in-string (regexp-quote test-secret)
                            (concat "key-…" (substring test-secret -4)) text t t))

(defun test-log (fmt &rest args)
  (message "[emacs-test] %s" (test-masked (apply #'format fmt args))))

(defun test-skip (what why)
  (message "\n*** SKIPPED: %s: %s ***\n" what why))

(defun test-check (cond fmt &rest args)
  (unless cond
    (error "%s" (test-masked (concat "check failed: " (apply #'format fmt args))))))

(defun test-wait-for (what predicate &optional refresh)
  "Wait until PREDICATE holds, calling REFRESH (default: run flymake) in between."
  (let ((deadline (+ (float-time) test-wait)) ok)
    (while (and (not (setq ok (funcall predicate))) (< (float-time) deadline))
      (funcall (or refresh (lambda () (flymake-start nil t))))
      (accept-process-output nil 0.05))
    (test-check ok "timed out after %s s waiting for %s" test-wait what)))

(defun test-findings ()
  "Flymake diagnostics in the buffer whose text names the rule."
  (cl-remove-if-not (lambda (d) (string-match-p (regexp-quote test-rule)
                                                (flymake-diagnostic-text d)))
                    (flymake-diagnostics)))

(defun test-key-region ()
  "(BEG . END) of the secret in the buffer, or nil."
  (save-excursion
    (goto-char (point-min))
    (when (search-forward test-secret nil t)
      (cons (match-beginning 0) (match-end 0)))))

(defun test-expect-finding-at-key ()
  "Wait for exactly one finding, exactly on the key (not the quotes, not the line)."
  (let ((key (test-key-region)))
    (test-check key "the key is not in the buffer")
    (test-wait-for (format "the finding at %s..%s" (car key) (cdr key))
                   (lambda ()
                     (let ((d (test-findings)))
                       (and (= (length d) 1)
                            (= (flymake-diagnostic-beg (car d)) (car key))
                            (= (flymake-diagnostic-end (car d)) (cdr key))))))
    (let ((d (car (test-findings))))
      (test-check (not (string-search test-secret (flymake-diagnostic-text d)))
                  "the message shows the secret in clear")
      (test-log "finding at line %d, columns %d-%d: %s"
                (line-number-at-pos (car key))
                (save-excursion (goto-char (car key)) (current-column))
                (save-excursion (goto-char (cdr key)) (current-column))
                (flymake-diagnostic-text d)))))

(defun test-write-file (name lines)
  (let ((path (expand-file-name name test-workdir)))
    (with-temp-file path
      (set-buffer-file-coding-system 'utf-8-unix)
      (insert (mapconcat #'identity lines "\n") "\n"))
    path))

(defun test-buffer-string ()
  (buffer-substring-no-properties (point-min) (point-max)))

(defun test-check-saved (path)
  (save-buffer)
  (let ((on-disk (with-temp-buffer
                   (insert-file-contents path)
                   (buffer-string))))
    (test-check (equal on-disk (test-buffer-string)) "the saved file differs from the buffer")))

;;;; flymake backend

(defun test-flymake ()
  (require 'secretls)
  (setq secretls-command (list test-server)
        secretls-initialization-options '(:debounceMs 0))
  (let* ((line (concat "config = {\"名前\": \"🔑 ünïcödé\", \"mailgun\": \"" test-secret "\"}"))
         (path (test-write-file "settings.py" (list "# Übersicht — сервисы" line "print(config)"))))
    (find-file path)
    (test-check (eq major-mode 'python-mode) "major mode is %s" major-mode)
    ;; No Python checkers are installed: keep their "disabling backend" noise out of the log.
    (setq-local flymake-diagnostic-functions nil)
    (secretls-flymake-mode 1)
    ;; 1. The finding exactly on the key, with 2-, 3- and 4-byte characters before it.
    (test-expect-finding-at-key)
    ;; 2. Incremental edits: insert before the key, cut one digit, put it back.
    (goto-char (point-min))
    (forward-line 1)
    (insert "ä = 1; ")
    (test-expect-finding-at-key)
    (let ((digit-pos (+ (car (test-key-region)) 10)))
      (goto-char digit-pos)
      (delete-char 1)
      (test-wait-for "the finding to go when the key is cut short"
                     (lambda () (null (test-findings))))
      (test-log "cut key: finding gone")
      (goto-char digit-pos)
      (insert (substring test-secret 10 11)))
    (test-expect-finding-at-key)
    ;; 3. Hover.
    (if (not (secretls-server-capable :hoverProvider))
        (test-skip "hover" "the server does not advertise hoverProvider")
      (goto-char (+ (car (test-key-region)) 6))
      (let ((text (secretls-describe-at-point)))
        (test-check (string-match-p "mailgun" (downcase text)) "hover names no Mailgun: %s" text)
        (test-check (not (string-search test-secret text)) "the hover shows the secret in clear")
        (test-log "hover: %d characters naming Mailgun, secret masked" (length text))))
    ;; 4. The quick fix through secretls-fix-at-point.
    (if (not (secretls-server-capable :codeActionProvider))
        (test-skip "quick fix" "the server does not advertise codeActionProvider")
      (goto-char (+ (car (test-key-region)) 6))
      (test-log "code actions: %s"
                (mapconcat (lambda (a) (plist-get a :title)) (secretls-code-actions) " | "))
      (let ((title (secretls-fix-at-point t)))
        (test-check (not (string-search test-secret (test-buffer-string)))
                    "the secret is still in the buffer after %s" title)
        (test-check (string-match-p "os\\.\\(environ\\|getenv\\)" (test-buffer-string))
                    "the fixed buffer reads no environment variable:\n%s" (test-buffer-string))
        (test-check (string-search "名前" (test-buffer-string)) "the fix lost the non-ASCII text")
        (test-log "fix applied (%s); buffer now:\n%s" title (test-buffer-string))
        (test-check-saved path)
        (when (executable-find "python3")
          (test-check (= 0 (call-process "python3" nil nil nil "-m" "py_compile" path))
                      "the fixed file is not valid Python")
          (test-log "python3 -m py_compile accepts the fixed file"))
        (test-wait-for "the finding to go after the fix" (lambda () (null (test-findings))))))
    (secretls-flymake-mode -1)
    (test-move-to-dotenv)
    (secretls-shutdown-all)))

(defun test-move-to-dotenv ()
  "The \"move to .env\" fix: a WorkspaceEdit with CreateFile and edits to other files."
  (let* ((secret (concat "key-" (apply #'string (cl-loop repeat 32 collect
                                                         (aref "0123456789abcdef" (random 16))))))
         (path (test-write-file "mailer.py" (list (concat "MAILGUN = \"" secret "\"")))))
    (find-file path)
    (setq-local flymake-diagnostic-functions nil)
    (secretls-flymake-mode 1)
    (if (not (secretls-server-capable :codeActionProvider))
        (test-skip "move to .env" "the server does not advertise codeActionProvider")
      (test-wait-for "the finding in mailer.py" (lambda () (test-findings)))
      (goto-char (+ (flymake-diagnostic-beg (car (test-findings))) 6))
      (let ((title (secretls-fix-at-point "\\.env\\b")))
        (test-check (not (string-search secret (test-buffer-string)))
                    "the secret is still in mailer.py after %s" title)
        (let ((dotenv (expand-file-name ".env" test-workdir))
              (gitignore (expand-file-name ".gitignore" test-workdir)))
          (test-check (file-exists-p dotenv) ".env was not created")
          (test-check (with-temp-buffer (insert-file-contents dotenv)
                                        (string-search (concat "=" secret) (buffer-string)))
                      ".env does not hold the value (nothing may be lost)")
          (test-check (and (file-exists-p gitignore)
                           (with-temp-buffer (insert-file-contents gitignore)
                                             (string-match-p "^/?\\.env$" (buffer-string))))
                      ".gitignore does not ignore .env")
          (test-log "%s: mailer.py reads the environment, .env holds the value, .gitignore ignores it"
                    title))))
    (secretls-flymake-mode -1)))

;;;; eglot

(defun test-eglot ()
  (require 'eglot)
  (require 'secretls) ; registers secretls with eglot for conf modes
  (setq secretls-command (list test-server)
        eglot-sync-connect 5
        eglot-connect-timeout 5
        eglot-autoshutdown nil)
  (let ((path (test-write-file "deploy.conf"
                               (list "# Ürün ayarları — 🔑"
                                     "[mail]"
                                     (concat "ключ_mailgun = " test-secret)))))
    (find-file path)
    (test-log "major mode: %s" major-mode)
    (test-check (memq major-mode secretls-eglot-modes) "%s is not a secretls eglot mode" major-mode)
    (apply #'eglot (eglot--guess-contact))
    (test-check (eglot-current-server) "eglot did not start secretls")
    (test-log "eglot connected to %s" (jsonrpc-name (eglot-current-server)))
    (test-expect-finding-at-key)
    ;; eglot 1.9 in batch sends didChange only when asked (no idle timers).
    (goto-char (point-min))
    (forward-line 2)
    (insert "# ä\n")
    (eglot--signal-textDocument/didChange)
    (test-expect-finding-at-key)
    (if (not (eglot--server-capable :codeActionProvider))
        (test-skip "eglot quick fix" "the server does not advertise codeActionProvider")
      (let* ((key (test-key-region))
             (actions (eglot-code-actions (car key) (cdr key)))
             (action (or (cl-find-if (lambda (a) (eq (plist-get a :isPreferred) t)) actions)
                         (cl-find-if (lambda (a) (string-prefix-p "quickfix" (or (plist-get a :kind) "")))
                                     actions)))
             (before (test-buffer-string)))
        (test-log "code actions: %s" (mapconcat (lambda (a) (plist-get a :title)) actions " | "))
        (test-check action "no quick fix offered for the finding")
        (when (plist-get action :edit)
          (eglot--apply-workspace-edit (plist-get action :edit)))
        (when (plist-get action :command)
          (let ((command (plist-get action :command)))
            (eglot-execute-command (eglot-current-server) (plist-get command :command)
                                   (plist-get command :arguments))))
        (test-check (not (equal before (test-buffer-string))) "the fix changed nothing")
        (test-log "fix applied (%s); buffer now:\n%s" (plist-get action :title) (test-buffer-string))
        (eglot--signal-textDocument/didChange)
        (test-wait-for "the finding to go after the fix" (lambda () (null (test-findings))))
        (test-check-saved path)))
    (eglot-shutdown (eglot-current-server))))

;;;; main

(let ((started (float-time))
      (which (getenv "SECRETLS_EMACS_TEST")))
  ;; The shell's timeout is the last resort; this one reports where it hung.
  (run-at-time 60 nil (lambda ()
                        (message "[emacs-test] FAIL: watchdog after 60 s")
                        (kill-emacs 1)))
  (condition-case err
      (progn
        (pcase which
          ("flymake" (test-flymake))
          ("eglot" (test-eglot))
          (_ (error "SECRETLS_EMACS_TEST must be flymake or eglot, not %S" which)))
        (test-log "PASS (%s) in %.2f s" which (- (float-time) started))
        (kill-emacs 0))
    (error
     (message "[emacs-test] FAIL (%s): %s" which (test-masked (error-message-string err)))
     (kill-emacs 1))))

;;; emacs_test.el ends here

;;; e2e.el --- batch test of editors/emacs/roadmap-ls.el in real eglot  -*- lexical-binding: t; -*-
;; Run by test.sh: emacs --batch -l test/e2e.el (env FIXTURE; roadmap-ls first on PATH).

(require 'package)
(package-initialize)                    ; Debian's elpa-eglot lives in the system package dirs
(require 'cl-lib)
(setq load-prefer-newer t)
(defvar e2e-here (file-name-directory (directory-file-name (file-name-directory load-file-name))))
(load (expand-file-name "roadmap-ls.el" e2e-here) nil t)
(require 'flymake)
(require 'python)

(defvar e2e-passed 0)
(defvar e2e-failed 0)
(defun e2e-check (ok what &optional detail)
  (if ok
      (progn (setq e2e-passed (1+ e2e-passed)) (princ (format "ok   - %s\n" what)))
    (setq e2e-failed (1+ e2e-failed))
    (princ (format "FAIL - %s%s\n" what (if detail (format "  (%s)" detail) "")))))
(defun e2e-finish ()
  (princ (format "%d passed, %d failed\n" e2e-passed e2e-failed))
  (kill-emacs (if (zerop e2e-failed) 0 1)))

(defun e2e-wait (pred seconds)
  (let ((deadline (+ (float-time) seconds)) (result nil))
    (while (and (not (setq result (funcall pred))) (< (float-time) deadline))
      (accept-process-output nil 0.1))
    result))

;; Record every diagnostic eglot receives, as the server sent it.
(defvar e2e-received nil)
(advice-add 'eglot-handle-notification :before
            (lambda (_server method &rest args)
              (when (eq method 'textDocument/publishDiagnostics)
                (setq e2e-received (append (plist-get args :diagnostics) nil)))))

(e2e-check (equal (cdr (assoc '(python-mode python-ts-mode) eglot-server-programs))
                  '(roadmap-ls-server "roadmap-ls"))
           "roadmap-ls.el adds (python-mode python-ts-mode) . (roadmap-ls-server \"roadmap-ls\") to eglot-server-programs")

(find-file (getenv "FIXTURE"))
(e2e-check (derived-mode-p 'python-mode) "fixture opened in python-mode")
(flymake-mode 1)
(eglot-ensure)
;; eglot-ensure connects from post-command-hook, which batch mode never runs.
(unless (eglot-current-server)
  (condition-case err (call-interactively #'eglot)
    (error (e2e-check nil "eglot connects" (error-message-string err)))))
(e2e-check (e2e-wait #'eglot-current-server 15) "eglot connected to roadmap-ls")
(unless (eglot-current-server) (e2e-finish))
(e2e-check (e2e-wait (lambda () e2e-received) 15) "eglot received publishDiagnostics")

(let ((codes (mapcar (lambda (d) (plist-get d :code)) e2e-received)))
  (dolist (code '("decorator" "class" "generator-function" "closure" "custom-iterator"))
    (e2e-check (member code codes) (format "eglot received a diagnostic with code %s" code) codes))
  (e2e-check (cl-every (lambda (d) (equal (plist-get d :source) "roadmap")) e2e-received)
             "every diagnostic has source roadmap")
  (e2e-check (cl-every (lambda (d) (equal (plist-get d :severity) 4)) e2e-received)
             "every diagnostic has severity Hint (4), the default"))

;; Flymake shows them: message "roadmap [decorator]: Decorator · Intermediate 4.1 ...".
(e2e-check (e2e-wait (lambda () (flymake-diagnostics (point-min) (point-max))) 10)
           "flymake has diagnostics in the buffer")
(let ((texts (mapcar #'flymake-diagnostic-text (flymake-diagnostics (point-min) (point-max)))))
  (e2e-check (member "roadmap [decorator]: Decorator · Intermediate 4.1 Function Decorators" texts)
             "flymake shows the decorator diagnostic with its code" texts))

;; Hover text of the decorator, through eglot's own request.
(goto-char (point-min)) (forward-line 6) (forward-char 5)
(let* ((server (eglot-current-server))
       (hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
       (value (plist-get (plist-get hover :contents) :value)))
  (e2e-check (and (stringp value) (string-prefix-p "### Decorator · `decorator`" value))
             "hover on the decorator starts with the lesson title")
  (e2e-check (and (stringp value)
                  (string-match-p (regexp-quote "[Open the lesson](https://docs.python.org/3/glossary.html#term-decorator)") value))
             "hover has the lesson link"))

;; roadmap-ls-open-lesson at point, with browse-url recorded.
(let ((opened nil))
  (cl-letf (((symbol-function 'browse-url) (lambda (url &rest _) (setq opened url))))
    (roadmap-ls-open-lesson))
  (e2e-check (equal opened "https://docs.python.org/3/glossary.html#term-decorator")
             "roadmap-ls-open-lesson opens the lesson at point" opened))

;; A settings change: severity "warning" through eglot-workspace-configuration.
(setq e2e-received nil)
(setq roadmap-ls-settings '(:roadmap (:severity "warning")))
(eglot-signal-didChangeConfiguration (eglot-current-server))
(e2e-check (e2e-wait (lambda () (and e2e-received
                                     (cl-every (lambda (d) (equal (plist-get d :severity) 2)) e2e-received)))
                     10)
           "after didChangeConfiguration {severity: warning} the diagnostics are warnings")

(ignore-errors (eglot-shutdown (eglot-current-server)))
(e2e-finish)

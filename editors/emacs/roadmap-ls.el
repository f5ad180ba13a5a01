;;; roadmap-ls.el --- eglot setup for roadmap-ls  -*- lexical-binding: t; -*-

;; Load this file (or copy its forms into your init file) to run roadmap-ls with eglot
;; in Python buffers:  (load "/path/to/roadmap-ls/editors/emacs/roadmap-ls.el")
;;
;; eglot runs ONE server per major mode and project: this entry makes roadmap-ls that
;; server for Python.  To keep another Python server, run both behind a multiplexer
;; (see README.md), or use roadmap-ls alone.

;;; Code:

(require 'eglot)

(defgroup roadmap-ls nil
  "The roadmap-ls language server for Python learners."
  :group 'eglot)

(defcustom roadmap-ls-program "roadmap-ls"
  "The roadmap-ls executable (a name on `exec-path' or a full path)."
  :type 'string)

(defcustom roadmap-ls-settings
  '(:roadmap (:roadmaps ["intermediate" "expert"]
              :severity "hint"
              :occurrences "first"
              :disabledConcepts []
              :maxFileSize 2097152))
  "Settings sent to roadmap-ls (the `roadmap' section; see the top README).
Used as `initializationOptions' and as `eglot-workspace-configuration'."
  :type 'sexp)

(defclass roadmap-ls-server (eglot-lsp-server) ()
  "eglot server class for roadmap-ls.")

(cl-defmethod eglot-initialization-options ((_server roadmap-ls-server))
  roadmap-ls-settings)

(add-to-list 'eglot-server-programs
             `((python-mode python-ts-mode) . (roadmap-ls-server ,roadmap-ls-program)))

;; eglot sends `eglot-workspace-configuration' with didChangeConfiguration and answers
;; workspace/configuration from it: give it the same settings, unless you set your own
;; (then include a :roadmap section in it).
(unless (default-value 'eglot-workspace-configuration)
  (setq-default eglot-workspace-configuration
                (lambda (_server) roadmap-ls-settings)))

(defun roadmap-ls-open-lesson ()
  "Open the lesson of the roadmap concept at point (roadmap.openLesson)."
  (interactive)
  (let* ((server (eglot--current-server-or-lose))
         (link (jsonrpc-request server :workspace/executeCommand
                                (list :command "roadmap.openLesson"
                                      :arguments (vector (list :uri (eglot--path-to-uri (buffer-file-name))
                                                               :position (eglot--pos-to-lsp-position)))))))
    (if (stringp link)
        (progn (message "Lesson: %s" link) (browse-url link))
      (message "No roadmap concept at point"))))

(provide 'roadmap-ls)
;;; roadmap-ls.el ends here

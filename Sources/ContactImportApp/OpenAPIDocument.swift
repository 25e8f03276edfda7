/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`.
/// Kept in step with the routes by `NotificationsAndMetaTests.theOpenAPIDocumentDescribesEveryRoute`.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "contact-import",
            "version": "1.0.0",
            "description": "Bring contact lists into a customer-messaging workspace. Every /api/ call needs `Authorization: Bearer <apiToken>` (or the web UI's session), except sign-in, first-run setup and password links; a workspace the caller is not a member of answers 404. Any call that writes answers 503 database_unavailable (with Retry-After) while the database cannot be reached, and 507 insufficient_storage while the disk holding it is full: nothing was saved, and the same call works once space is freed. Prometheus metrics (GET /metrics) are served only on the metrics port (`serve --metrics-port`), not here."
          },
          "servers": [{"url": "/"}],
          "security": [{"bearer": []}, {"session": []}],
          "paths": {
            "/api/v1/workspaces/{ws}/imports": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "Import History, newest first (owners and managers)",
                "responses": {
                  "200": {"description": "Imports", "content": {"application/json": {"schema": {"type": "object", "required": ["imports"], "properties": {"imports": {"type": "array", "items": {"$ref": "#/components/schemas/Import"}}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "post": {
                "summary": "Upload a CSV file (raw text/csv body, or multipart/form-data with a part named file); refused at 20 MB",
                "parameters": [{"name": "fileName", "in": "query", "description": "The file's name; must end in .csv.", "schema": {"type": "string"}},
                  {"name": "like", "in": "query", "description": "An earlier import of the workspace whose settings (purpose, identifier, tags, mapping by header text, Do Not Overwrite) the new one takes; the answer's warnings name what the new file lacks.", "schema": {"type": "integer", "minimum": 1}}],
                "requestBody": {"required": true, "content": {
                  "text/csv": {"schema": {"type": "string"}},
                  "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}
                }},
                "responses": {
                  "201": {"description": "The draft import with its columns and proposed configuration", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "413": {"description": "The file is 20 MB or more", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "get": {
                "summary": "One import: status, progress, counts",
                "responses": {
                  "200": {"description": "The import", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "delete": {
                "summary": "Cancel a draft or reviewed import",
                "responses": {
                  "200": {"description": "The canceled import", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/config": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "put": {
                "summary": "Purpose, identifier, tags and mapping (Parts 1 and 2)",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ImportConfig"}}}},
                "responses": {
                  "200": {"description": "The import", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "410": {"$ref": "#/components/responses/Gone"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/review": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "post": {
                "summary": "Validate every row (Part 3): the four counts and the error file",
                "responses": {
                  "200": {"description": "The review", "content": {"application/json": {"schema": {"type": "object", "required": ["status", "summary", "reviewExpiresAt"], "properties": {
                    "status": {"type": "string"}, "summary": {"$ref": "#/components/schemas/Summary"}, "reviewExpiresAt": {"type": ["string", "null"], "format": "date-time"}, "errorFile": {"type": "string"},
                    "errorGroups": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorGroup"}}, "correctedRows": {"type": "integer"}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "410": {"$ref": "#/components/responses/Gone"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/error-file": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "get": {
                "summary": "The original header plus Error, with only the rows in error (as corrected in review)",
                "responses": {
                  "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/start": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "post": {
                "summary": "Start the background job of a reviewed import, or start a failed import again: it carries on after its last committed row (410 file_gone once it can no longer be)",
                "responses": {
                  "202": {"description": "Started", "content": {"application/json": {"schema": {"type": "object", "required": ["status"], "properties": {"id": {"type": "integer"}, "status": {"type": "string"}, "message": {"type": "string"}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "410": {"$ref": "#/components/responses/Gone"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/file": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "put": {
                "summary": "Replace the file of a draft or reviewed import (a corrected file), as an upload; purpose, identifier, tags and the mapping of every header still present are kept, and the import is a draft again",
                "parameters": [{"name": "fileName", "in": "query", "description": "The file's name; must end in .csv.", "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {
                  "text/csv": {"schema": {"type": "string"}},
                  "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}}}}
                }},
                "responses": {
                  "200": {"description": "The import, a draft again, with warnings for mapped headers the new file lacks", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "413": {"description": "The file is 20 MB or more", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/rows": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "get": {
                "summary": "The rows of an import in review, in file order, with their corrected values, status and errors per column",
                "parameters": [
                  {"name": "status", "in": "query", "schema": {"type": "string", "enum": ["error", "imported", "updated", "skipped"]}},
                  {"name": "group", "in": "query", "description": "Only the rows in error of this group (an index into errorGroups).", "schema": {"type": "integer", "minimum": 0}},
                  {"name": "cursor", "in": "query", "description": "The nextCursor of the previous page.", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}
                ],
                "responses": {
                  "200": {"description": "A page of rows", "content": {"application/json": {"schema": {"type": "object", "required": ["rows", "nextCursor"], "properties": {
                    "rows": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewRow"}},
                    "nextCursor": {"type": ["string", "null"]}
                  }}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/rows/{row}": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"},
                {"name": "row", "in": "path", "required": true, "description": "The data row number (1 = the first row under the header).", "schema": {"type": "integer", "minimum": 1}}],
              "patch": {
                "summary": "Correct cells of one row (or skip it); the row and every row sharing its identifier are decided again, and the review's hour restarts",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {
                  "values": {"type": "object", "description": "Column index → the cell's new text.", "additionalProperties": {"type": "string"}},
                  "skip": {"type": "boolean", "description": "true skips the row (Skipped, nothing written); false takes it back."}
                }}}}},
                "responses": {
                  "200": {"description": "The row, every row decided again, and the review's counts, groups and expiry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Correction"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "410": {"$ref": "#/components/responses/Gone"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/fixes": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "post": {
                "summary": "A bulk correction: replace an exact value in a column, put a country code in front of a column's phones that lack one, or skip every row still in error",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["action"], "properties": {
                  "action": {"type": "string", "enum": ["replace", "prefixCountryCode", "skipErrors"]},
                  "column": {"type": "integer", "minimum": 0},
                  "from": {"type": "string"}, "to": {"type": "string"},
                  "code": {"type": "string", "example": "+60"}
                }}}}},
                "responses": {
                  "200": {"description": "How many rows changed, and the review's counts, groups and expiry", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Correction"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "410": {"$ref": "#/components/responses/Gone"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/results-file": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "get": {
                "summary": "Every data row with Import Status and Errors; kept for the results retention (7 days)",
                "responses": {
                  "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "410": {"$ref": "#/components/responses/Gone"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/undo-preview": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "get": {
                "summary": "The dry count of an undo: what undoing the import would do now; nothing is written",
                "responses": {
                  "200": {"description": "Contacts an undo would delete, restore and keep", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UndoPreview"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "410": {"$ref": "#/components/responses/Gone"}, "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/undo": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "post": {
                "summary": "Undo a completed import in the background: contacts it added are deleted, contacts it updated get back their values and tags; contacts changed since are kept and listed",
                "responses": {
                  "202": {"description": "The import, now undoing", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Import"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"}, "410": {"$ref": "#/components/responses/Gone"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/imports/{id}/undo-file": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/importId"}],
              "get": {
                "summary": "Row, Contact ID and Action for every contact the undone import had added or updated; kept as long as the results file",
                "responses": {
                  "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "410": {"$ref": "#/components/responses/Gone"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/phone-normalization": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "The workspace's clean-ups of stored phones, newest first (at most 20)",
                "responses": {
                  "200": {"description": "Clean-ups", "content": {"application/json": {"schema": {"type": "object", "required": ["jobs"], "properties": {"jobs": {"type": "array", "items": {"$ref": "#/components/schemas/PhoneNormalization"}}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "post": {
                "summary": "Rewrite the workspace's stored phones to E.164 in the background (the workspace must be set to e164); takes the one job slot",
                "responses": {
                  "202": {"description": "Started", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "status"], "properties": {"id": {"type": "integer"}, "status": {"type": "string", "enum": ["processing"]}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/phone-normalization/preview": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "The dry count: what the clean-up would do now, nothing written",
                "responses": {
                  "200": {"description": "Counts", "content": {"application/json": {"schema": {"type": "object", "required": ["defaultCountry", "summary"], "properties": {"defaultCountry": {"type": "string"}, "summary": {"$ref": "#/components/schemas/PhoneCounts"}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/phone-normalization/{id}": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"name": "id", "in": "path", "required": true, "description": "Clean-up id", "schema": {"type": "integer", "minimum": 1}}],
              "get": {
                "summary": "A clean-up's status, progress and counts",
                "responses": {
                  "200": {"description": "The clean-up", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PhoneNormalization"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/phone-normalization/{id}/results-file": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"name": "id", "in": "path", "required": true, "description": "Clean-up id", "schema": {"type": "integer", "minimum": 1}}],
              "get": {
                "summary": "Contact ID, Old Phone, New Phone, Status (Changed, Unchanged, Not valid, kept, Conflict, kept) for every contact with a phone",
                "responses": {
                  "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "410": {"$ref": "#/components/responses/Gone"}
                }
              }
            },
            "/health": {
              "get": {"summary": "Liveness", "security": [], "responses": {"200": {"description": "The server is running.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}}}}
            },
            "/ready": {
              "get": {"summary": "Readiness: the database answers a trivial query", "security": [], "responses": {
                "200": {"description": "Ready to serve.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}},
                "503": {"description": "The database cannot be reached.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}}
            },
            "/openapi.json": {
              "get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI document", "content": {"application/json": {"schema": {"type": "object"}}}}}}
            },
            "/api/v1/notifications": {
              "get": {
                "summary": "The caller's notifications, newest first",
                "responses": {
                  "200": {"description": "Notifications", "content": {"application/json": {"schema": {"type": "object", "required": ["notifications"], "properties": {"notifications": {"type": "array", "items": {"$ref": "#/components/schemas/Notification"}}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}
                }
              }
            },
            "/api/v1/notifications/read": {
              "post": {
                "summary": "Mark notifications read: those listed in ids, or all of them when ids is left out",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"ids": {"type": "array", "items": {"type": "integer"}}}}}}},
                "responses": {"204": {"description": "Marked read"}, "400": {"$ref": "#/components/responses/BadRequest"}, "401": {"$ref": "#/components/responses/Unauthorized"}, "413": {"$ref": "#/components/responses/TooLarge"}}
              }
            },
            "/api/v1/session": {
              "post": {
                "summary": "Web UI sign-in with email and password; sets the HttpOnly, SameSite=Strict session cookie",
                "security": [],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["email", "password"], "properties": {"email": {"type": "string"}, "password": {"type": "string"}}}}}},
                "responses": {
                  "200": {"description": "Signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                  "401": {"description": "Wrong email or password", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "429": {"description": "Too many failed sign-ins for this email or from this address (`too_many_attempts`); Retry-After says how many seconds to wait", "headers": {"Retry-After": {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              },
              "get": {
                "summary": "The signed-in session: user, workspaces with roles, and the CSRF token for X-CSRF-Token",
                "security": [{"session": []}],
                "responses": {
                  "200": {"description": "The session", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}
                }
              },
              "delete": {
                "summary": "Sign out (needs X-CSRF-Token); clears the cookie",
                "security": [{"session": []}],
                "responses": {"204": {"description": "Signed out"}, "403": {"$ref": "#/components/responses/Forbidden"}}
              }
            },
            "/api/v1/sign-in-options": {
              "get": {
                "summary": "What the sign-in page offers: first-run setup (while no user exists) and password reset by email (with mail configured)",
                "security": [],
                "responses": {
                  "200": {"description": "Options", "content": {"application/json": {"schema": {"type": "object", "required": ["setupRequired", "passwordResetByEmail"], "properties": {"setupRequired": {"type": "boolean"}, "passwordResetByEmail": {"type": "boolean"}}}}}}
                }
              }
            },
            "/setup": {
              "get": {
                "summary": "The first-run setup page (HTML), only while no user exists and with the code `serve` printed",
                "security": [],
                "parameters": [{"name": "code", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "The web UI's page, showing the setup form", "content": {"text/html": {"schema": {"type": "string"}}}},
                  "404": {"description": "A user exists already, or the code is wrong", "content": {"text/html": {"schema": {"type": "string"}}}}
                }
              }
            },
            "/api/v1/setup": {
              "post": {
                "summary": "First run: create the first workspace and its owner, and sign the owner in (sets the session cookie)",
                "security": [],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["code", "workspaceName", "email", "password"], "properties": {
                  "code": {"type": "string"}, "workspaceName": {"type": "string", "minLength": 1, "maxLength": 200},
                  "timeZone": {"type": "string", "description": "IANA name; UTC when left out"}, "email": {"type": "string", "format": "email"},
                  "password": {"type": "string", "minLength": 8}}}}}},
                "responses": {
                  "201": {"description": "Set up and signed in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"description": "The server is set up already, or the code is wrong", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "415": {"description": "The body is not JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/reset-password": {
              "get": {
                "summary": "A password-reset link's page (HTML)",
                "security": [],
                "parameters": [{"name": "code", "in": "query", "schema": {"type": "string"}}],
                "responses": {
                  "200": {"description": "The web UI's page, showing the new-password form", "content": {"text/html": {"schema": {"type": "string"}}}},
                  "404": {"description": "No such link", "content": {"text/html": {"schema": {"type": "string"}}}},
                  "410": {"description": "The link was used already or has expired", "content": {"text/html": {"schema": {"type": "string"}}}}
                }
              }
            },
            "/api/v1/password-reset": {
              "post": {
                "summary": "Choose a new password with a reset link's code (once, within 24 hours); ends every session of the user",
                "security": [],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["code", "newPassword"], "properties": {"code": {"type": "string"}, "newPassword": {"type": "string", "minLength": 8}}}}}},
                "responses": {
                  "204": {"description": "The password is changed"},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"description": "No such link", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "410": {"description": "The link was used already or has expired (`link_gone`); nothing changed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "415": {"description": "The body is not JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/password-reset-requests": {
              "post": {
                "summary": "Forgot password: email a reset link (with mail configured); the answer is the same whether or not the email has an account",
                "security": [],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["email"], "properties": {"email": {"type": "string", "format": "email"}}}}}},
                "responses": {
                  "202": {"description": "Accepted", "content": {"application/json": {"schema": {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "404": {"description": "Mail is not configured on this server", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "415": {"description": "The body is not JSON", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/phone-countries": {
              "get": {
                "summary": "The countries a workspace's phone numbers can default to, with their calling codes (any signed-in user)",
                "responses": {
                  "200": {"description": "Countries", "content": {"application/json": {"schema": {"type": "object", "required": ["countries", "source"], "properties": {
                    "countries": {"type": "array", "items": {"type": "object", "required": ["code", "callingCode"], "properties": {"code": {"type": "string"}, "callingCode": {"type": "integer"}}}},
                    "source": {"type": "string"}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}
                }
              }
            },
            "/api/v1/me/password": {
              "post": {
                "summary": "Change your password (the current one is needed); your other sessions end",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["newPassword"], "properties": {"currentPassword": {"type": "string"}, "newPassword": {"type": "string", "minLength": 8}}}}}},
                "responses": {
                  "204": {"description": "Changed"},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "422": {"description": "The current password is wrong (`wrong_password`) or the new one breaks a rule", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/v1/me/tokens": {
              "get": {
                "summary": "Your API tokens (never their secrets)",
                "responses": {
                  "200": {"description": "Tokens, oldest first", "content": {"application/json": {"schema": {"type": "object", "required": ["tokens"], "properties": {"tokens": {"type": "array", "items": {"$ref": "#/components/schemas/APIToken"}}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}
                }
              },
              "post": {
                "summary": "Create a named API token; the token is in this answer only",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["name"], "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 100}}}}}},
                "responses": {
                  "201": {"description": "The new token", "content": {"application/json": {"schema": {"type": "object", "required": ["id", "name", "token", "createdAt"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "token": {"type": "string"}, "createdAt": {"type": "string", "format": "date-time"}}}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "409": {"description": "You have 50 tokens already", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/me/tokens/{id}": {
              "parameters": [{"name": "id", "in": "path", "required": true, "description": "Token id", "schema": {"type": "integer", "minimum": 1}}],
              "delete": {
                "summary": "Revoke one of your API tokens; it is refused at once",
                "responses": {
                  "204": {"description": "Revoked"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/settings": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "The workspace's settings (any member)",
                "responses": {
                  "200": {"description": "Settings", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkspaceSettings"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "patch": {
                "summary": "Change the name, time zone or phone number format (owners only); keys left out stay",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "properties": {
                  "name": {"type": "string", "minLength": 1, "maxLength": 200}, "timeZone": {"type": "string", "description": "IANA name such as Asia/Kuala_Lumpur, or UTC"},
                  "phoneNumbers": {"type": "string", "enum": ["asGiven", "e164"], "description": "e164 rewrites every phone written to E.164 and needs a defaultCountry"},
                  "defaultCountry": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2 country whose national numbers are read, such as MY"}}}}}},
                "responses": {
                  "200": {"description": "The settings now", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/WorkspaceSettings"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "422": {"description": "A setting is refused (`invalid_settings`, naming it)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/v1/workspaces/{ws}/members": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "The members with their roles, owners first (owners and managers)",
                "responses": {
                  "200": {"description": "Members", "content": {"application/json": {"schema": {"type": "object", "required": ["members"], "properties": {"members": {"type": "array", "items": {"$ref": "#/components/schemas/Member"}}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "post": {
                "summary": "Add a member by email with a role (owners only); someone without a password gets a one-time link to choose one",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["email", "role"], "properties": {"email": {"type": "string", "format": "email"}, "role": {"type": "string", "enum": ["owner", "manager", "agent"]}}}}}},
                "responses": {
                  "201": {"description": "Added", "content": {"application/json": {"schema": {"type": "object", "required": ["userId", "email", "role", "passwordReset"], "properties": {
                    "userId": {"type": "integer"}, "email": {"type": "string"}, "role": {"type": "string", "enum": ["owner", "manager", "agent"]},
                    "passwordReset": {"oneOf": [{"$ref": "#/components/schemas/PasswordLink"}, {"type": "null"}]}}}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"description": "Already a member (`already_member`)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/members/{id}": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/userId"}],
              "patch": {
                "summary": "Change a member's role (owners only)",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "additionalProperties": false, "required": ["role"], "properties": {"role": {"type": "string", "enum": ["owner", "manager", "agent"]}}}}}},
                "responses": {
                  "200": {"description": "The member now", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Member"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"description": "The last owner cannot be demoted (`last_owner`)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              },
              "delete": {
                "summary": "Remove a member (owners only)",
                "responses": {
                  "204": {"description": "Removed"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"description": "The last owner cannot be removed (`last_owner`)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
                }
              }
            },
            "/api/v1/workspaces/{ws}/members/{id}/password-reset": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"$ref": "#/components/parameters/userId"}],
              "post": {
                "summary": "Issue a one-time password link valid 24 hours (owners only, for someone every one of whose workspaces they own)",
                "responses": {
                  "201": {"description": "The link, to give to the member", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PasswordLink"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contact-fields": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "Standard and custom contact fields (owners and managers)",
                "responses": {
                  "200": {"description": "Fields", "content": {"application/json": {"schema": {"type": "object", "required": ["fields"], "properties": {"fields": {"type": "array", "items": {"$ref": "#/components/schemas/ContactField"}}}}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "post": {
                "summary": "Create a custom contact field (owners and managers)",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewContactField"}}}},
                "responses": {
                  "201": {"description": "The created field", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ContactField"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "403": {"$ref": "#/components/responses/Forbidden"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "409": {"$ref": "#/components/responses/Conflict"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contacts": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "List contacts, newest first",
                "parameters": [
                  {"name": "search", "in": "query", "description": "Text found anywhere in the name, phone or email (ASCII case-insensitive); a phone number (+ and at least four digits) finds the phones that start with it.", "schema": {"type": "string"}},
                  {"name": "tag", "in": "query", "description": "Only contacts with this tag (exact, case-sensitive).", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 50}},
                  {"name": "cursor", "in": "query", "description": "nextCursor of the previous page.", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "A page of contacts", "content": {"application/json": {"schema": {"type": "object", "required": ["contacts", "nextCursor"], "properties": {"contacts": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}}, "nextCursor": {"type": ["string", "null"]}}}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "post": {
                "summary": "Create a contact",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ContactBody"}}}},
                "responses": {
                  "201": {"description": "The created contact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contacts/{id}": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
              "get": {
                "summary": "One contact",
                "responses": {
                  "200": {"description": "The contact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              },
              "patch": {
                "summary": "Change a contact: keys left out stay, null clears",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ContactBody"}}}},
                "responses": {
                  "200": {"description": "The changed contact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"},
                  "422": {"$ref": "#/components/responses/Unprocessable"}
                }
              },
              "delete": {
                "summary": "Delete a contact",
                "responses": {
                  "204": {"description": "Deleted"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contacts/{id}/activity": {
              "parameters": [{"$ref": "#/components/parameters/ws"}, {"name": "id", "in": "path", "required": true, "schema": {"type": "integer", "minimum": 1}}],
              "get": {
                "summary": "Contact Activity: what happened to the contact (added or updated by which import, edited, merged, restored by an undo), newest first",
                "responses": {
                  "200": {"description": "The contact's history", "content": {"application/json": {"schema": {"type": "object", "required": ["activity"], "properties": {"activity": {"type": "array", "items": {"$ref": "#/components/schemas/ContactActivity"}}}}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"},
                  "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contacts/duplicates": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "Merge Suggestions: groups of contacts sharing a phone or an email (ignoring case), in key order; a page reads a bounded slice of the index, so it may hold fewer groups than the limit while nextCursor is set",
                "parameters": [
                  {"name": "by", "in": "query", "schema": {"type": "string", "enum": ["phone", "email"], "default": "phone"}},
                  {"name": "cursor", "in": "query", "schema": {"type": "string"}},
                  {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20}}
                ],
                "responses": {
                  "200": {"description": "A page of groups", "content": {"application/json": {"schema": {"type": "object", "required": ["groups", "nextCursor"], "properties": {"groups": {"type": "array", "items": {"type": "object", "required": ["key", "size", "contacts"], "properties": {"key": {"type": "string"}, "size": {"type": "integer", "description": "Contacts sharing the key; at most 50 are listed"}, "contacts": {"type": "array", "items": {"$ref": "#/components/schemas/Contact"}}}}}, "nextCursor": {"type": ["string", "null"]}}}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contacts/merge": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "post": {
                "summary": "Merge contacts into one, in one transaction: per field the value of the contact `take` names (by default the kept contact's own, else the first non-empty), tags and custom values combined, the others deleted",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["keep", "others"], "properties": {"keep": {"type": "integer", "minimum": 1}, "others": {"type": "array", "items": {"type": "integer", "minimum": 1}}, "take": {"type": "object", "description": "Field key (firstName, lastName, phone, email, language, country, custom.<fieldId>) to the id of the contact whose value the kept contact takes", "additionalProperties": {"type": "integer", "minimum": 1}}}}}}},
                "responses": {
                  "200": {"description": "The kept contact", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Contact"}}}},
                  "400": {"$ref": "#/components/responses/BadRequest"},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"},
                  "413": {"$ref": "#/components/responses/TooLarge"}
                }
              }
            },
            "/api/v1/workspaces/{ws}/contacts/export": {
              "parameters": [{"$ref": "#/components/parameters/ws"}],
              "get": {
                "summary": "The contacts of a search and tag as CSV, streamed: Contact ID, First Name, Last Name, Phone Number, Email, Language, Country, Tags, then each custom field by name",
                "parameters": [
                  {"name": "search", "in": "query", "schema": {"type": "string"}},
                  {"name": "tag", "in": "query", "schema": {"type": "string"}}
                ],
                "responses": {
                  "200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}},
                  "401": {"$ref": "#/components/responses/Unauthorized"}, "403": {"$ref": "#/components/responses/Forbidden"}, "404": {"$ref": "#/components/responses/NotFound"}
                }
              }
            }
          },
          "components": {
            "securitySchemes": {
              "bearer": {"type": "http", "scheme": "bearer", "description": "The apiToken printed by `contact-import workspace create` or `user add`."},
              "session": {"type": "apiKey", "in": "cookie", "name": "ci_session", "description": "The web UI's session (POST /api/v1/session). Every /api/v1 route accepts it in place of a bearer token; requests other than GET must also send the session's csrfToken in X-CSRF-Token (403 otherwise)."}
            },
            "parameters": {
              "ws": {"name": "ws", "in": "path", "required": true, "description": "Workspace id", "schema": {"type": "integer", "minimum": 1}},
              "importId": {"name": "id", "in": "path", "required": true, "description": "Import id", "schema": {"type": "integer", "minimum": 1}},
              "userId": {"name": "id", "in": "path", "required": true, "description": "The member's user id", "schema": {"type": "integer", "minimum": 1}}
            },
            "schemas": {
              "WorkspaceSettings": {"type": "object", "required": ["name", "timeZone", "phoneNumbers", "defaultCountry"], "properties": {
                "name": {"type": "string"}, "timeZone": {"type": "string", "description": "IANA name; the generated import tag's clock"},
                "phoneNumbers": {"type": "string", "enum": ["asGiven", "e164"]}, "defaultCountry": {"type": ["string", "null"]}}},
              "Member": {"type": "object", "required": ["userId", "email", "role"], "properties": {
                "userId": {"type": "integer"}, "email": {"type": "string"}, "role": {"type": "string", "enum": ["owner", "manager", "agent"]}}},
              "PasswordLink": {"type": "object", "required": ["link", "expiresAt"], "properties": {
                "link": {"type": "string", "description": "/reset-password?code=…, working once"}, "expiresAt": {"type": "string", "format": "date-time"}}},
              "APIToken": {"type": "object", "required": ["id", "name", "createdAt"], "properties": {
                "id": {"type": "integer"}, "name": {"type": ["string", "null"], "description": "null for tokens made on the command line"},
                "createdAt": {"type": "string", "format": "date-time"}}},
              "Session": {"type": "object", "required": ["user", "workspaces", "csrfToken", "expiresAt"], "properties": {
                "user": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}},
                "workspaces": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "role": {"type": "string", "enum": ["owner", "manager", "agent"]}}}},
                "csrfToken": {"type": "string"}, "expiresAt": {"type": "string", "format": "date-time"}}},
              "Summary": {"type": "object", "required": ["imported", "updated", "skipped", "errors"], "properties": {
                "imported": {"type": "integer"}, "updated": {"type": "integer"}, "skipped": {"type": "integer"}, "errors": {"type": "integer"},
                "phonesNormalized": {"type": "integer", "description": "Only for an import reviewed under E.164: rows, not in error, whose phone was rewritten"},
                "valuesReplaced": {"type": "integer", "description": "Only when the review found that updates overwrite something (then with valuesCleared and tagsRemoved, each possibly 0): updated rows that replace a non-empty stored value with another. The review's count; the job does not change it"},
                "valuesCleared": {"type": "integer", "description": "As valuesReplaced: updated rows that clear a non-empty stored value"},
                "tagsRemoved": {"type": "integer", "description": "As valuesReplaced: updated rows whose contact loses a tag it had"}}},
              "PhoneCounts": {"type": "object", "required": ["changed", "unchanged", "notValid", "conflicts"], "properties": {
                "changed": {"type": "integer"}, "unchanged": {"type": "integer"}, "notValid": {"type": "integer"}, "conflicts": {"type": "integer"}}},
              "PhoneNormalization": {"type": "object", "required": ["id", "status", "defaultCountry", "progress", "summary", "createdAt", "resultsFileAvailable"], "properties": {
                "id": {"type": "integer"}, "status": {"type": "string", "enum": ["processing", "completed", "failed", "expired"]},
                "defaultCountry": {"type": "string"},
                "progress": {"type": "object", "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}}},
                "summary": {"$ref": "#/components/schemas/PhoneCounts"},
                "createdAt": {"type": "string", "format": "date-time"}, "completedAt": {"type": ["string", "null"], "format": "date-time"},
                "resultsAvailableUntil": {"type": ["string", "null"], "format": "date-time"}, "resultsFileAvailable": {"type": "boolean"},
                "message": {"type": ["string", "null"]}}},
              "ImportConfig": {
                "type": "object", "additionalProperties": false, "required": ["purpose", "mapping"],
                "properties": {
                  "purpose": {"type": "string", "enum": ["addNew", "updateExisting", "addAndUpdate", "addAll"]},
                  "identifier": {"type": ["string", "null"], "enum": ["phone", "email", "contactId", null]},
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "importTag": {"type": ["string", "null"], "description": "Omitted keeps the generated tag; null removes it."},
                  "mapping": {"type": "array", "items": {"type": "object", "additionalProperties": false, "required": ["column", "field"], "properties": {
                    "column": {"type": "integer", "minimum": 0}, "field": {"type": "string"}, "doNotOverwrite": {"type": "boolean", "default": false},
                    "dateFormat": {"type": ["string", "null"], "enum": ["YYYY-MM-DD", "DD/MM/YYYY", "MM/DD/YYYY", "DD.MM.YYYY", "DD-MM-YYYY", "MM-DD-YYYY", "YYYY/MM/DD", null], "description": "For a column mapped to a date field: how it writes dates (YYYY-MM-DD when left out)"}}}}
                }
              },
              "ErrorGroup": {
                "type": "object", "required": ["field", "column", "message", "rows"],
                "properties": {
                  "field": {"type": ["string", "null"], "description": "The field of a cell rule; null for a row-level rule"},
                  "column": {"type": ["integer", "null"]},
                  "message": {"type": "string"},
                  "rows": {"type": "integer"}
                }
              },
              "ReviewRow": {
                "type": "object", "required": ["row", "values", "status", "errors"],
                "properties": {
                  "row": {"type": "integer"},
                  "values": {"type": "array", "items": {"type": "string"}},
                  "status": {"type": "string", "enum": ["imported", "updated", "skipped", "error"]},
                  "errors": {"type": "array", "items": {"type": "object", "required": ["column", "field", "message"], "properties": {
                    "column": {"type": ["integer", "null"]}, "field": {"type": ["string", "null"]}, "message": {"type": "string"}
                  }}},
                  "skippedInReview": {"type": "boolean"},
                  "correctedColumns": {"type": "array", "items": {"type": "integer"}}
                }
              },
              "Correction": {
                "type": "object", "required": ["rows", "summary", "errorGroups", "correctedRows", "reviewExpiresAt"],
                "properties": {
                  "row": {"$ref": "#/components/schemas/ReviewRow"},
                  "changedRows": {"type": "integer"},
                  "rows": {"type": "array", "items": {"$ref": "#/components/schemas/ReviewRow"}},
                  "summary": {"$ref": "#/components/schemas/Summary"},
                  "errorGroups": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorGroup"}},
                  "correctedRows": {"type": "integer"},
                  "reviewExpiresAt": {"type": "string", "format": "date-time"}
                }
              },
              "Import": {
                "type": "object",
                "required": ["id", "status", "fileName", "rowCount", "encoding", "delimiter", "columns", "config", "progress", "summary", "tagsAdded", "uploadedBy", "createdAt", "completedAt", "resultsAvailableUntil"],
                "properties": {
                  "id": {"type": "integer"},
                  "status": {"type": "string", "enum": ["draft", "review", "processing", "completed", "failed", "expired", "canceled", "undoing", "undone"]},
                  "fileName": {"type": "string"}, "rowCount": {"type": "integer"}, "encoding": {"type": "string"}, "delimiter": {"type": "string"},
                  "columns": {"type": "array", "items": {"type": "object", "required": ["index", "header", "samples"], "properties": {
                    "index": {"type": "integer"}, "header": {"type": "string"}, "samples": {"type": "array", "items": {"type": "string"}},
                    "field": {"type": ["string", "null"]}, "matchedBy": {"type": "string", "enum": ["name", "remembered"], "description": "How the column was mapped: the header equals the field's name, or the workspace's choice for this header in its newest completed import (field absent: left out)"},
                    "suggestion": {"type": ["string", "null"]}, "suggestionReason": {"type": "string", "enum": ["synonym", "values"], "description": "synonym: the header is a known name of the field; values: 95% of the first 1,000 rows' values fit it"},
                    "empty": {"type": "boolean", "description": "true when the column has no value in the whole file (never mapped or suggested)"},
                    "dateFormats": {"type": "array", "items": {"type": "string"}, "description": "The date formats under which every non-empty value of the first 1,000 rows is a real date"}}}},
                  "config": {"type": ["object", "null"], "properties": {
                    "purpose": {"type": ["string", "null"]}, "identifier": {"type": ["string", "null"]}, "tags": {"type": "array", "items": {"type": "string"}},
                    "importTag": {"type": ["string", "null"]}, "mapping": {"type": "array", "items": {"type": "object"}}}},
                  "progress": {"type": "object", "required": ["done", "total"], "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}}},
                  "summary": {"$ref": "#/components/schemas/Summary"},
                  "tagsAdded": {"type": "array", "items": {"type": "string"}},
                  "uploadedBy": {"type": "object", "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "startedAt": {"type": ["string", "null"], "format": "date-time"},
                  "completedAt": {"type": ["string", "null"], "format": "date-time"},
                  "reviewExpiresAt": {"type": ["string", "null"], "format": "date-time"},
                  "resultsAvailableUntil": {"type": ["string", "null"], "format": "date-time"},
                  "message": {"type": ["string", "null"]},
                  "errorFileAvailable": {"type": "boolean"}, "resultsFileAvailable": {"type": "boolean"},
                  "warnings": {"type": "array", "items": {"type": "string"}, "description": "Only on an upload with like, and on a replaced file: what could not be carried over"},
                  "errorGroups": {"type": "array", "items": {"$ref": "#/components/schemas/ErrorGroup"}, "description": "While in review: the rows in error grouped by rule, most rows first"},
                  "correctedRows": {"type": "integer", "description": "While in review: rows with corrected cells or skipped in review"},
                  "undoProgress": {"type": "object", "required": ["done", "total"], "description": "While undoing and once undone: contacts looked at, of those the import added or updated", "properties": {"done": {"type": "integer"}, "total": {"type": "integer"}}},
                  "undoSummary": {"type": "object", "required": ["deleted", "restored", "kept"], "description": "Once undone", "properties": {"deleted": {"type": "integer"}, "restored": {"type": "integer"}, "kept": {"type": "integer"}}},
                  "undoneAt": {"type": ["string", "null"], "format": "date-time"},
                  "undoFileAvailable": {"type": "boolean"},
                  "startAgainUntil": {"type": ["string", "null"], "format": "date-time", "description": "Only on a failed import: until when it can be started again (POST …/start carries on after its last committed row); null once it can no longer be"}
                }
              },
              "UndoPreview": {
                "type": "object", "required": ["deleted", "restored", "kept", "keptChanged", "keptDeleted"],
                "properties": {
                  "deleted": {"type": "integer"}, "restored": {"type": "integer"}, "kept": {"type": "integer"},
                  "keptChanged": {"type": "integer", "description": "Kept: changed after the import"},
                  "keptDeleted": {"type": "integer", "description": "Kept: already deleted"}
                }
              },
              "Error": {
                "type": "object", "required": ["error", "message"],
                "properties": {
                  "error": {"type": "string", "description": "Machine-readable code"},
                  "message": {"type": "string", "description": "A sentence for a person"},
                  "details": {"type": "array", "items": {"type": "object", "required": ["field", "message"], "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
                }
              },
              "FieldValue": {"description": "A custom value: text, number, true/false.", "type": ["string", "number", "boolean", "null"]},
              "ContactActivity": {
                "type": "object", "required": ["kind", "at", "by", "details"],
                "properties": {
                  "kind": {"type": "string", "enum": ["created", "edited", "import_added", "import_updated", "merged", "undo_restored"]},
                  "at": {"type": "string", "format": "date-time"},
                  "by": {"type": ["string", "null"], "description": "The email of who did it (an import's uploader)"},
                  "importId": {"type": "integer"},
                  "details": {"type": "string", "description": "The entry in words"},
                  "mergedFrom": {"type": "array", "items": {"type": "object", "required": ["id", "name"], "properties": {"id": {"type": "integer"}, "name": {"type": "string"}}}}
                }
              },
              "Contact": {
                "type": "object",
                "required": ["id", "firstName", "lastName", "phone", "email", "language", "country", "tags", "custom", "createdAt", "updatedAt"],
                "properties": {
                  "id": {"type": "integer"},
                  "firstName": {"type": "string"},
                  "lastName": {"type": ["string", "null"]},
                  "phone": {"type": ["string", "null"]},
                  "email": {"type": ["string", "null"]},
                  "language": {"type": ["string", "null"], "description": "ISO 639-1, lower case"},
                  "country": {"type": ["string", "null"], "description": "ISO 3166-1 alpha-2, upper case"},
                  "tags": {"type": "array", "items": {"type": "string"}},
                  "custom": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/FieldValue"}},
                  "createdAt": {"type": "string", "format": "date-time"},
                  "updatedAt": {"type": "string", "format": "date-time"}
                }
              },
              "ContactBody": {
                "type": "object", "additionalProperties": false,
                "description": "firstName is required to create. Values follow the value rules of the contact fields.",
                "properties": {
                  "firstName": {"type": "string"},
                  "lastName": {"type": ["string", "null"]},
                  "phone": {"type": ["string", "null"]},
                  "email": {"type": ["string", "null"]},
                  "language": {"type": ["string", "null"]},
                  "country": {"type": ["string", "null"]},
                  "tags": {"type": ["array", "null"], "items": {"type": "string"}},
                  "custom": {"type": "object", "additionalProperties": {"$ref": "#/components/schemas/FieldValue"}}
                }
              },
              "ContactField": {
                "type": "object", "required": ["key", "name", "type", "standard"],
                "properties": {
                  "key": {"type": "string", "description": "firstName … contactId, or custom.<fieldId>"},
                  "name": {"type": "string"},
                  "type": {"type": "string"},
                  "options": {"type": "array", "items": {"type": "string"}},
                  "standard": {"type": "boolean"}
                }
              },
              "NewContactField": {
                "type": "object", "required": ["name", "fieldId", "type"],
                "properties": {
                  "name": {"type": "string", "minLength": 1, "maxLength": 50},
                  "fieldId": {"type": "string", "pattern": "^[A-Za-z][A-Za-z0-9_]{0,49}$"},
                  "type": {"type": "string", "enum": ["text", "list", "checkbox", "email", "number", "url", "date", "time"]},
                  "options": {"type": "array", "items": {"type": "string"}}
                }
              },
              "Notification": {
                "type": "object", "required": ["id", "kind", "message", "link", "createdAt", "read"],
                "properties": {
                  "id": {"type": "integer"}, "kind": {"type": "string"}, "message": {"type": "string"},
                  "link": {"type": ["string", "null"]}, "createdAt": {"type": "string", "format": "date-time"}, "read": {"type": "boolean"}
                }
              }
            },
            "responses": {
              "TooLarge": {"description": "The body is larger than the limit (1 MB for JSON)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "BadRequest": {"description": "The request could not be read", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Unauthorized": {"description": "No valid API token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Forbidden": {"description": "Owners and managers only", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "NotFound": {"description": "No such workspace or item (for this caller)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Gone": {"description": "Session expired, or the results file is no longer kept", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Conflict": {"description": "Already exists or in progress", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "Unprocessable": {"description": "A value or rule is broken; the message names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        }
        """#
}

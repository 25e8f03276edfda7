/// The OpenAPI 3.1 description of the HTTP API, served at `GET /openapi.json`.
/// Kept in step with the routes by `NotificationsAndMetaTests.theOpenAPIDocumentDescribesEveryRoute`.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "contact-import",
    "version": "1.0.0",
    "description": "Bring contact lists into a customer-messaging workspace. Every /api/ call needs `Authorization: Bearer <apiToken>`; a workspace the caller is not a member of answers 404."
  },
  "servers": [{"url": "/"}],
  "security": [{"bearer": []}],
  "paths": {
    "/health": {
      "get": {"summary": "Liveness", "security": [], "responses": {"200": {"description": "The server is running.", "content": {"application/json": {"schema": {"type": "object", "properties": {"status": {"type": "string"}}}}}}}}
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
          {"name": "search", "in": "query", "description": "Text found in the name, phone or email (case-insensitive).", "schema": {"type": "string"}},
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
    }
  },
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "The apiToken printed by `contact-import workspace create` or `user add`."}},
    "parameters": {"ws": {"name": "ws", "in": "path", "required": true, "description": "Workspace id", "schema": {"type": "integer", "minimum": 1}}},
    "schemas": {
      "Error": {
        "type": "object", "required": ["error", "message"],
        "properties": {
          "error": {"type": "string", "description": "Machine-readable code"},
          "message": {"type": "string", "description": "A sentence for a person"},
          "details": {"type": "array", "items": {"type": "object", "required": ["field", "message"], "properties": {"field": {"type": "string"}, "message": {"type": "string"}}}}
        }
      },
      "FieldValue": {"description": "A custom value: text, number, true/false.", "type": ["string", "number", "boolean", "null"]},
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
      "BadRequest": {"description": "The request could not be read", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unauthorized": {"description": "No valid API token", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Forbidden": {"description": "Owners and managers only", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "NotFound": {"description": "No such workspace or item (for this caller)", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Conflict": {"description": "Already exists or in progress", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unprocessable": {"description": "A value or rule is broken; the message names it", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    }
  }
}
"""#
}

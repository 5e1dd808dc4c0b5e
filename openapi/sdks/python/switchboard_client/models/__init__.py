"""Contains all the data models used in inputs/outputs"""

from .account import Account
from .account_kind import AccountKind
from .account_list import AccountList
from .api_key import ApiKey
from .api_key_list import ApiKeyList
from .api_scope import ApiScope
from .app_auth import AppAuth
from .app_definition import AppDefinition
from .app_list import AppList
from .app_source import AppSource
from .app_summary import AppSummary
from .audit_event import AuditEvent
from .audit_event_details import AuditEventDetails
from .audit_page import AuditPage
from .auth_type import AuthType
from .authorize_request import AuthorizeRequest
from .authorize_response import AuthorizeResponse
from .automation import Automation
from .automation_list import AutomationList
from .automation_status import AutomationStatus
from .automation_usage import AutomationUsage
from .capture_source_type_0 import CaptureSourceType0
from .capture_source_type_0_from import CaptureSourceType0From
from .capture_source_type_1 import CaptureSourceType1
from .capture_source_type_1_from import CaptureSourceType1From
from .capture_source_type_2 import CaptureSourceType2
from .capture_source_type_2_from import CaptureSourceType2From
from .change_password_request import ChangePasswordRequest
from .connect_app import ConnectApp
from .connect_authorize_request import ConnectAuthorizeRequest
from .connect_done import ConnectDone
from .connect_fields_request import ConnectFieldsRequest
from .connect_fields_request_fields import ConnectFieldsRequestFields
from .connect_page import ConnectPage
from .connect_reconnect import ConnectReconnect
from .connect_session import ConnectSession
from .connect_session_created import ConnectSessionCreated
from .connect_session_metadata import ConnectSessionMetadata
from .connect_session_scopes_type_0 import ConnectSessionScopesType0
from .connect_session_status import ConnectSessionStatus
from .connect_session_tags import ConnectSessionTags
from .connection import Connection
from .connection_config import ConnectionConfig
from .connection_fields import ConnectionFields
from .connection_health import ConnectionHealth
from .connection_metadata import ConnectionMetadata
from .connection_page import ConnectionPage
from .connection_scope import ConnectionScope
from .connection_status import ConnectionStatus
from .connection_tags import ConnectionTags
from .connection_usage import ConnectionUsage
from .create_account_request import CreateAccountRequest
from .create_api_key_request import CreateApiKeyRequest
from .create_automation_request import CreateAutomationRequest
from .create_connect_session_request import CreateConnectSessionRequest
from .create_connect_session_request_metadata_type_0 import CreateConnectSessionRequestMetadataType0
from .create_connect_session_request_scopes_type_0 import CreateConnectSessionRequestScopesType0
from .create_connect_session_request_tags_type_0 import CreateConnectSessionRequestTagsType0
from .create_connection_request import CreateConnectionRequest
from .create_connection_request_config_type_0 import CreateConnectionRequestConfigType0
from .create_connection_request_fields import CreateConnectionRequestFields
from .create_connection_request_metadata_type_0 import CreateConnectionRequestMetadataType0
from .create_connection_request_tags_type_0 import CreateConnectionRequestTagsType0
from .create_user_request import CreateUserRequest
from .create_webhook_request import CreateWebhookRequest
from .created_account import CreatedAccount
from .created_api_key import CreatedApiKey
from .created_webhook import CreatedWebhook
from .credentials_response import CredentialsResponse
from .credentials_response_fields import CredentialsResponseFields
from .data_key_rotation import DataKeyRotation
from .data_key_version import DataKeyVersion
from .deleted_account import DeletedAccount
from .deleted_connection import DeletedConnection
from .delivery_status import DeliveryStatus
from .end_user import EndUser
from .error_code import ErrorCode
from .event import Event
from .event_connection import EventConnection
from .event_connection_metadata import EventConnectionMetadata
from .event_connection_tags import EventConnectionTags
from .event_data import EventData
from .event_order import EventOrder
from .event_page import EventPage
from .event_type import EventType
from .export_connections_request import ExportConnectionsRequest
from .field_spec import FieldSpec
from .health import Health
from .health_check import HealthCheck
from .health_check_kind import HealthCheckKind
from .health_check_source import HealthCheckSource
from .health_schedule import HealthSchedule
from .identity_request import IdentityRequest
from .import_form import ImportForm
from .import_item import ImportItem
from .import_item_kind import ImportItemKind
from .import_mappings import ImportMappings
from .import_outcome import ImportOutcome
from .import_report import ImportReport
from .import_source import ImportSource
from .imported_tokens import ImportedTokens
from .inject_basic import InjectBasic
from .inject_basic_in import InjectBasicIn
from .inject_header import InjectHeader
from .inject_header_in import InjectHeaderIn
from .inject_query import InjectQuery
from .inject_query_in import InjectQueryIn
from .key_status import KeyStatus
from .key_sweep import KeySweep
from .login_request import LoginRequest
from .master_key_status import MasterKeyStatus
from .me import Me
from .n8n_mapping import N8NMapping
from .n8n_mapping_fields import N8NMappingFields
from .new_account_admin import NewAccountAdmin
from .o_auth_2_grant import OAuth2Grant
from .o_auth_2_spec import OAuth2Spec
from .o_auth_2_spec_capture import OAuth2SpecCapture
from .o_auth_2_spec_extra_authorize_params import OAuth2SpecExtraAuthorizeParams
from .o_auth_client_info import OAuthClientInfo
from .o_auth_client_request import OAuthClientRequest
from .on_conflict import OnConflict
from .problem import Problem
from .problem_errors import ProblemErrors
from .rate_limit import RateLimit
from .rate_limit_info import RateLimitInfo
from .rate_limit_source import RateLimitSource
from .reveal_request import RevealRequest
from .reveal_response import RevealResponse
from .reveal_response_fields import RevealResponseFields
from .role import Role
from .rotate_data_keys_request import RotateDataKeysRequest
from .rotated_webhook_secret import RotatedWebhookSecret
from .setup_request import SetupRequest
from .setup_status import SetupStatus
from .sweep_state import SweepState
from .test_outcome import TestOutcome
from .test_request import TestRequest
from .token_auth import TokenAuth
from .token_response import TokenResponse
from .update_automation_request import UpdateAutomationRequest
from .update_connection_request import UpdateConnectionRequest
from .update_connection_request_metadata_type_0 import UpdateConnectionRequestMetadataType0
from .update_connection_request_tags_type_0 import UpdateConnectionRequestTagsType0
from .update_fields_request import UpdateFieldsRequest
from .update_fields_request_fields import UpdateFieldsRequestFields
from .update_user_request import UpdateUserRequest
from .update_webhook_request import UpdateWebhookRequest
from .updated_user import UpdatedUser
from .usage_hour import UsageHour
from .usage_report import UsageReport
from .user import User
from .user_list import UserList
from .webhook import Webhook
from .webhook_delivery import WebhookDelivery
from .webhook_delivery_list import WebhookDeliveryList
from .webhook_list import WebhookList
from .wildcard import Wildcard

__all__ = (
    "Account",
    "AccountKind",
    "AccountList",
    "ApiKey",
    "ApiKeyList",
    "ApiScope",
    "AppAuth",
    "AppDefinition",
    "AppList",
    "AppSource",
    "AppSummary",
    "AuditEvent",
    "AuditEventDetails",
    "AuditPage",
    "AuthorizeRequest",
    "AuthorizeResponse",
    "AuthType",
    "Automation",
    "AutomationList",
    "AutomationStatus",
    "AutomationUsage",
    "CaptureSourceType0",
    "CaptureSourceType0From",
    "CaptureSourceType1",
    "CaptureSourceType1From",
    "CaptureSourceType2",
    "CaptureSourceType2From",
    "ChangePasswordRequest",
    "ConnectApp",
    "ConnectAuthorizeRequest",
    "ConnectDone",
    "ConnectFieldsRequest",
    "ConnectFieldsRequestFields",
    "Connection",
    "ConnectionConfig",
    "ConnectionFields",
    "ConnectionHealth",
    "ConnectionMetadata",
    "ConnectionPage",
    "ConnectionScope",
    "ConnectionStatus",
    "ConnectionTags",
    "ConnectionUsage",
    "ConnectPage",
    "ConnectReconnect",
    "ConnectSession",
    "ConnectSessionCreated",
    "ConnectSessionMetadata",
    "ConnectSessionScopesType0",
    "ConnectSessionStatus",
    "ConnectSessionTags",
    "CreateAccountRequest",
    "CreateApiKeyRequest",
    "CreateAutomationRequest",
    "CreateConnectionRequest",
    "CreateConnectionRequestConfigType0",
    "CreateConnectionRequestFields",
    "CreateConnectionRequestMetadataType0",
    "CreateConnectionRequestTagsType0",
    "CreateConnectSessionRequest",
    "CreateConnectSessionRequestMetadataType0",
    "CreateConnectSessionRequestScopesType0",
    "CreateConnectSessionRequestTagsType0",
    "CreatedAccount",
    "CreatedApiKey",
    "CreatedWebhook",
    "CreateUserRequest",
    "CreateWebhookRequest",
    "CredentialsResponse",
    "CredentialsResponseFields",
    "DataKeyRotation",
    "DataKeyVersion",
    "DeletedAccount",
    "DeletedConnection",
    "DeliveryStatus",
    "EndUser",
    "ErrorCode",
    "Event",
    "EventConnection",
    "EventConnectionMetadata",
    "EventConnectionTags",
    "EventData",
    "EventOrder",
    "EventPage",
    "EventType",
    "ExportConnectionsRequest",
    "FieldSpec",
    "Health",
    "HealthCheck",
    "HealthCheckKind",
    "HealthCheckSource",
    "HealthSchedule",
    "IdentityRequest",
    "ImportedTokens",
    "ImportForm",
    "ImportItem",
    "ImportItemKind",
    "ImportMappings",
    "ImportOutcome",
    "ImportReport",
    "ImportSource",
    "InjectBasic",
    "InjectBasicIn",
    "InjectHeader",
    "InjectHeaderIn",
    "InjectQuery",
    "InjectQueryIn",
    "KeyStatus",
    "KeySweep",
    "LoginRequest",
    "MasterKeyStatus",
    "Me",
    "N8NMapping",
    "N8NMappingFields",
    "NewAccountAdmin",
    "OAuth2Grant",
    "OAuth2Spec",
    "OAuth2SpecCapture",
    "OAuth2SpecExtraAuthorizeParams",
    "OAuthClientInfo",
    "OAuthClientRequest",
    "OnConflict",
    "Problem",
    "ProblemErrors",
    "RateLimit",
    "RateLimitInfo",
    "RateLimitSource",
    "RevealRequest",
    "RevealResponse",
    "RevealResponseFields",
    "Role",
    "RotateDataKeysRequest",
    "RotatedWebhookSecret",
    "SetupRequest",
    "SetupStatus",
    "SweepState",
    "TestOutcome",
    "TestRequest",
    "TokenAuth",
    "TokenResponse",
    "UpdateAutomationRequest",
    "UpdateConnectionRequest",
    "UpdateConnectionRequestMetadataType0",
    "UpdateConnectionRequestTagsType0",
    "UpdatedUser",
    "UpdateFieldsRequest",
    "UpdateFieldsRequestFields",
    "UpdateUserRequest",
    "UpdateWebhookRequest",
    "UsageHour",
    "UsageReport",
    "User",
    "UserList",
    "Webhook",
    "WebhookDelivery",
    "WebhookDeliveryList",
    "WebhookList",
    "Wildcard",
)
